// Run Node's openai package against the replay server for each scenario of the plan and
// print, as JSON lines, what the program printed. Usage: node run_node.js PLAN.json PORT CLOSED
// Needs `npm install openai` in a folder on NODE_PATH; never used by the test suite.
const fs = require("fs");
const http = require("http");
const util = require("util");
const OpenAI = require("openai");
const path = require("path");
const version = JSON.parse(fs.readFileSync(path.join(path.dirname(require.resolve("openai")), "package.json"), "utf8")).version;

const [plan, port, closed] = [JSON.parse(fs.readFileSync(process.argv[2], "utf8")),
  Number(process.argv[3]), Number(process.argv[4])];

function baseUrl(sc) {
  const root = {ok: `http://127.0.0.1:${port}`, closed: `http://127.0.0.1:${closed}`,
    litellm: `http://127.0.0.1:${process.env.PASTED_LITELLM_PORT || 0}`,
    dns: "https://api.gateway-example.invalid", tls: `https://127.0.0.1:${port}`,
    proxy: "https://api.gateway-example.com", root: `http://127.0.0.1:${port}`,
    doubled: `http://127.0.0.1:${port}/v1`}[sc.base];
  return sc.base === "root" ? root : root + "/v1";
}

function select(idx) {
  return new Promise((resolve, reject) => {
    http.get(`http://127.0.0.1:${port}/__set/${idx}`, (res) => { res.resume(); res.on("end", resolve); })
      .on("error", reject);
  });
}

async function run(sc) {
  delete process.env.OPENAI_API_KEY;
  const client = new OpenAI({baseURL: baseUrl(sc), apiKey: sc.key === "none" ? undefined : sc.base === "litellm" ? "sk-proxy-demo" : "sk-pasted-demo",
    maxRetries: 0, timeout: (sc.timeout || 10) * 1000});
  const messages = [{role: "user", content: "Say hello"}];
  let out = "";
  if (sc.stream) {
    const stream = await client.chat.completions.create({model: sc.model, messages, stream: true});
    for await (const chunk of stream) out += chunk.choices[0]?.delta?.content || "";
  } else {
    const r = await client.chat.completions.create({model: sc.model, messages});
    out += r.choices[0].message.content;
  }
  return out;
}

(async () => {
  for (const sc of plan) {
    if (!sc.clients.includes("openai-node")) continue;
    await select(sc.idx);
    let text;
    try {
      text = await run(sc);
    } catch (err) {
      // "full": what console.error(err) prints; "last": the error as a string
      text = sc.style === "full" ? util.inspect(err, {depth: 2}) : String(err);
    }
    process.stdout.write(JSON.stringify({idx: sc.idx, client: "openai-node", version, text}) + "\n");
  }
})();
