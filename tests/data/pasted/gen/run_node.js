// Run one Node client against the replay server for each scenario of the plan and print, as
// JSON lines, what the program printed. Usage: node run_node.js PLAN.json PORT CLOSED [CLIENT]
// CLIENT: openai-node (default, `npm install openai`), anthropic-node (`@anthropic-ai/sdk`)
// or node-fetch (Node's own fetch). Packages come from NODE_PATH; never used by the tests.
const fs = require("fs");
const http = require("http");
const util = require("util");
const path = require("path");

const [plan, port, closed] = [JSON.parse(fs.readFileSync(process.argv[2], "utf8")),
  Number(process.argv[3]), Number(process.argv[4])];
const clientName = process.argv[5] || "openai-node";
const pkg = {"openai-node": "openai", "anthropic-node": "@anthropic-ai/sdk"}[clientName];
const lib = pkg ? require(pkg) : null;
function packageVersion(name) {
  // the package.json above the entry point (some packages do not export ./package.json)
  let dir = path.dirname(require.resolve(name));
  while (!fs.existsSync(path.join(dir, "package.json"))) dir = path.dirname(dir);
  return JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")).version;
}
const version = pkg ? packageVersion(pkg) : process.version.replace(/^v/, "");

function baseUrl(sc, bare) {
  const root = {ok: `http://127.0.0.1:${port}`, closed: `http://127.0.0.1:${closed}`,
    litellm: `http://127.0.0.1:${process.env.PASTED_LITELLM_PORT || 0}`,
    dns: "https://api.gateway-example.invalid", tls: `https://127.0.0.1:${port}`,
    proxy: "https://api.gateway-example.com", root: `http://127.0.0.1:${port}`,
    doubled: `http://127.0.0.1:${port}/v1`}[sc.base];
  return sc.base === "root" || bare ? root : root + "/v1";
}

function select(idx) {
  return new Promise((resolve, reject) => {
    http.get(`http://127.0.0.1:${port}/__set/${idx}`, (res) => { res.resume(); res.on("end", resolve); })
      .on("error", reject);
  });
}

function keyOf(sc) {
  return sc.key === "none" ? undefined : sc.base === "litellm" ? "sk-proxy-demo" : "sk-pasted-demo";
}

const messages = [{role: "user", content: "Say hello"}];

async function runOpenAI(sc, print) {
  const OpenAI = lib;
  const client = new OpenAI({baseURL: baseUrl(sc), apiKey: keyOf(sc), maxRetries: 0,
    timeout: (sc.timeout || 10) * 1000});
  if (sc.stream) {
    const stream = await client.chat.completions.create({model: sc.model, messages, stream: true});
    for await (const chunk of stream) print(chunk.choices[0]?.delta?.content || "");
  } else {
    const r = await client.chat.completions.create({model: sc.model, messages});
    print(r.choices[0].message.content);
  }
}

async function runAnthropic(sc, print) {
  const Anthropic = lib.default || lib;
  const client = new Anthropic({baseURL: baseUrl(sc, true), apiKey: keyOf(sc) ?? null,
    maxRetries: 0, timeout: (sc.timeout || 10) * 1000});
  if (sc.stream) {
    const stream = client.messages.stream({model: sc.model, max_tokens: 32, messages});
    for await (const ev of stream) {
      if (ev.type === "content_block_delta" && ev.delta.text) print(ev.delta.text);
    }
  } else {
    const m = await client.messages.create({model: sc.model, max_tokens: 32, messages});
    print(m.content[0].text);
  }
}

async function runFetch(sc, print) {
  const key = keyOf(sc);
  const r = await fetch(baseUrl(sc) + "/chat/completions", {method: "POST",
    headers: {"Content-Type": "application/json", "Authorization": `Bearer ${key || ""}`},
    body: JSON.stringify({model: sc.model, messages, stream: !!sc.stream}),
    signal: AbortSignal.timeout((sc.timeout || 10) * 1000)});
  if (sc.stream) {
    const decoder = new TextDecoder();
    for await (const part of r.body) print(decoder.decode(part));
    return;
  }
  const text = await r.text();
  if (!r.ok || !text.includes("choices")) print(`${r.status} ${text}\n`);
  if (!r.ok) throw new Error(`HTTP ${r.status} ${r.statusText}`);
  const data = JSON.parse(text);
  print(data.choices[0].message.content);
}

const runners = {"openai-node": runOpenAI, "anthropic-node": runAnthropic, "node-fetch": runFetch};

(async () => {
  for (const sc of plan) {
    if (!sc.clients.includes(clientName)) continue;
    delete process.env.OPENAI_API_KEY;
    delete process.env.ANTHROPIC_API_KEY;
    delete process.env.ANTHROPIC_AUTH_TOKEN;
    await select(sc.idx);
    let out = "";
    let text;
    try {
      await runners[clientName](sc, (s) => { out += s; });
      text = out;
    } catch (err) {
      // "full": what console.error(err) prints; "last": the error as a string. The first
      // round (openai-node) kept only the error; the later clients keep what was printed too.
      const shown = sc.style === "full" ? util.inspect(err, {depth: 2}) : String(err);
      text = clientName === "openai-node" ? shown : out + shown;
    }
    process.stdout.write(JSON.stringify({idx: sc.idx, client: clientName, version, text}) + "\n");
  }
})();
