// Run one Node client against the replay server for each scenario of the plan and print, as
// JSON lines, what the program printed. Usage: node run_node.js PLAN.json PORT CLOSED [CLIENT]
// CLIENT: openai-node (default, `npm install openai`), anthropic-node (`@anthropic-ai/sdk`),
// node-fetch (Node's own fetch), ai-sdk (`ai` + `@ai-sdk/openai`), langchain-js, axios,
// openai-node-7 (in .gennode7), got and ky (ESM only, import()), undici, superagent,
// google-genai-js (`@google/genai`), ofetch, wretch, needle or node-https (Node's own https
// module, as its documentation's example uses it); the later ones at the end of this file. Packages come from NODE_PATH; never used by the tests. The dead-proxy scenario sets
// HTTPS_PROXY/HTTP_PROXY: axios reads them; Node 20's fetch and the SDKs built on it ignore them
// (they resolve the host themselves), and so do got and ky (a proxy needs an agent of the
// program's own) and undici's request() (a plain program gives it no ProxyAgent).
const fs = require("fs");
const http = require("http");
const util = require("util");
const path = require("path");

const [plan, port, closed] = [JSON.parse(fs.readFileSync(process.argv[2], "utf8")),
  Number(process.argv[3]), Number(process.argv[4])];
const clientName = process.argv[5] || "openai-node";
const pkg = {"openai-node": "openai", "anthropic-node": "@anthropic-ai/sdk", "ai-sdk": "ai",
  "langchain-js": "@langchain/openai", "axios": "axios", "openai-node-7": "openai",
  "got": "got", "ky": "ky", "undici": "undici", "superagent": "superagent", "google-genai-js": "@google/genai", "ofetch": "ofetch", "wretch": "wretch", "needle": "needle", "groq-sdk": "groq-sdk", "together-ai": "together-ai", "llamaindex-ts": "@llamaindex/openai", "ai-sdk-compatible": "@ai-sdk/openai-compatible", "mistralai-js": "@mistralai/mistralai", "portkey-js": "portkey-ai", "openrouter-ai-sdk": "@openrouter/ai-sdk-provider", "mastra": "@mastra/core", "huggingface-js": "@huggingface/inference", "openai-agents-js": "@openai/agents", "multi-llm-ts": "multi-llm-ts", "token-js": "token.js", "openai-responses-js": "openai", "ai-sdk-responses": "@ai-sdk/openai", "instructor-js": "@instructor-ai/instructor", "modelfusion": "modelfusion", "ai-sdk-deepseek": "@ai-sdk/deepseek", "cerebras-js": "@cerebras/cerebras_cloud_sdk", "ai-sdk-groq": "@ai-sdk/groq", "openrouter-sdk": "@openrouter/sdk", "langchain-deepseek-js": "@langchain/deepseek", "ai-sdk-xai": "@ai-sdk/xai", "ai-sdk-fireworks": "@ai-sdk/fireworks", "ai-sdk-togetherai": "@ai-sdk/togetherai", "ai-sdk-cerebras": "@ai-sdk/cerebras", "ai-sdk-deepinfra": "@ai-sdk/deepinfra", "langchain-groq-js": "@langchain/groq"}[clientName];
const lib = pkg && !["got", "ky", "ofetch", "wretch", "mastra"].includes(clientName) ? require(pkg) : null;
function packageVersion(name) {
  // the package.json above the entry point (some packages do not export ./package.json)
  let dir = path.dirname(require.resolve(name));
  while (!fs.existsSync(path.join(dir, "package.json")) || !JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")).version) dir = path.dirname(dir);
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

async function runAiSdk(sc, print) {
  const {createOpenAI} = require("@ai-sdk/openai");
  const provider = createOpenAI({baseURL: baseUrl(sc), apiKey: keyOf(sc)});
  const opts = {model: provider.chat(sc.model), messages, maxRetries: 0,
    abortSignal: AbortSignal.timeout((sc.timeout || 10) * 1000)};
  if (sc.stream) {
    // streamText does not throw: its default onError does console.error(error) and the text
    // stream just ends; the error is caught here instead and shown by style like any other
    let failure;
    const onError = ({error}) => { failure = failure || error; };
    const result = lib.streamText({...opts, onError});
    for await (const text of result.textStream) print(text);
    if (failure) throw failure;
  } else {
    const {text} = await lib.generateText(opts);
    print(text);
  }
}

async function runLangchain(sc, print) {
  const llm = new lib.ChatOpenAI({model: sc.model, apiKey: keyOf(sc),
    configuration: {baseURL: baseUrl(sc)}, maxRetries: 0, timeout: (sc.timeout || 10) * 1000});
  if (sc.stream) {
    for await (const chunk of await llm.stream("Say hello")) print(chunk.content);
  } else {
    print((await llm.invoke("Say hello")).content);
  }
}

async function runAxios(sc, print) {
  // axios rejects on a status >= 400 by itself: the program prints the status and the body
  // (on "last" console.error(err.message, err.response?.data) shows both), then the error
  const axios = lib.default || lib;
  const key = keyOf(sc);
  let r;
  try {
    r = await axios.post(baseUrl(sc) + "/chat/completions",
      {model: sc.model, messages, stream: !!sc.stream},
      {headers: {"Authorization": `Bearer ${key || ""}`}, timeout: (sc.timeout || 10) * 1000,
        responseType: sc.stream ? "stream" : "json"});
  } catch (err) {
    if (err.response && sc.style === "full") {
      print(util.format(err.response.status, err.response.data) + "\n");
    }
    throw err;
  }
  if (sc.stream) {
    for await (const part of r.data) print(part.toString());
    return;
  }
  if (!r.data?.choices) print(util.format(r.status, r.data) + "\n");
  print(r.data.choices[0].message.content);
}

async function runGot(sc, print) {
  // got rejects on a status >= 400 by itself (HTTPError): the program prints the status and
  // the body, then the error. import("got") does not look in NODE_PATH: import the file
  // require.resolve finds there.
  const gotUrl = require("url").pathToFileURL(require.resolve("got")).href;
  const {default: got, HTTPError} = await import(gotUrl);
  const key = keyOf(sc);
  const options = {json: {model: sc.model, messages, stream: !!sc.stream},
    headers: {"Authorization": `Bearer ${key || ""}`},
    timeout: {request: (sc.timeout || 10) * 1000}, retry: {limit: 0}};
  try {
    if (sc.stream) {
      for await (const part of got.stream.post(baseUrl(sc) + "/chat/completions", options)) {
        print(part.toString());
      }
      return;
    }
    const r = await got.post(baseUrl(sc) + "/chat/completions", options);
    if (!r.body.includes("choices")) print(`${r.statusCode} ${r.body}\n`);
    print(JSON.parse(r.body).choices[0].message.content);
  } catch (err) {
    if (err instanceof HTTPError) print(`${err.response.statusCode} ${err.response.body}\n`);
    throw err;
  }
}

const runners = {"openai-node": runOpenAI, "anthropic-node": runAnthropic, "node-fetch": runFetch,
  "ai-sdk": runAiSdk, "langchain-js": runLangchain, "axios": runAxios, "openai-node-7": runOpenAI,
  "got": runGot, "ky": runKy, "undici": runUndici, "superagent": runSuperagent, "google-genai-js": runGoogleGenAI, "ofetch": runOfetch, "wretch": runWretch, "needle": runNeedle, "node-https": runNodeHttps, "groq-sdk": runGroq, "together-ai": runTogether, "llamaindex-ts": runLlamaIndex, "ai-sdk-compatible": runAiSdkCompatible, "mistralai-js": runMistral, "portkey-js": runPortkey, "openrouter-ai-sdk": runOpenRouter, "mastra": runMastra, "huggingface-js": runHuggingFace, "openai-agents-js": runOpenAIAgents, "multi-llm-ts": runMultiLlm, "token-js": runTokenJs, "openai-responses-js": runOpenAIResponses, "ai-sdk-responses": runAiSdkResponses, "instructor-js": runInstructor, "modelfusion": runModelFusion, "ai-sdk-deepseek": runAiSdkDeepSeek, "cerebras-js": runCerebras, "ai-sdk-groq": runAiSdkGroq, "openrouter-sdk": runOpenRouterSdk, "langchain-deepseek-js": runLangchainDeepSeek, "ai-sdk-xai": runAiSdkXai, "ai-sdk-fireworks": runAiSdkFireworks, "ai-sdk-togetherai": runAiSdkTogetherAI, "ai-sdk-cerebras": runAiSdkCerebras, "ai-sdk-deepinfra": runAiSdkDeepInfra, "langchain-groq-js": runLangchainGroq};

(async () => {
  for (const sc of plan) {
    if (!sc.clients.includes(clientName)) continue;
    delete process.env.OPENAI_API_KEY;
    delete process.env.ANTHROPIC_API_KEY;
    for (const k of ["ANTHROPIC_AUTH_TOKEN", "GOOGLE_API_KEY", "GEMINI_API_KEY"]) delete process.env[k];
    for (const k of ["HTTPS_PROXY", "HTTP_PROXY", "NO_PROXY"]) {
      delete process.env[k];
      delete process.env[k.toLowerCase()];
    }
    if (sc.base === "proxy") {
      process.env.HTTPS_PROXY = process.env.HTTP_PROXY = `http://127.0.0.1:${closed}`;
    }
    await select(sc.idx);
    let out = "";
    let text;
    try {
      await runners[clientName](sc, (s) => { out += s; });
      text = out;
    } catch (err) {
      // "full": what console.error(err) prints; "last": the error as a string. The first
      // round (openai-node) kept only the error; the later clients keep what was printed too.
      const shown = sc.style === "full" ? util.inspect(err, {depth: 2})
        : clientName === "axios" ? util.format(err.message, err.response?.data) : String(err);
      text = clientName === "openai-node" ? shown : out + shown;
    }
    process.stdout.write(JSON.stringify({idx: sc.idx, client: clientName, version, text}) + "\n");
  }
})();

// ---- ky and undici (round five), placed last so that the other clients keep their line numbers
// in stack traces (function declarations are hoisted: `runners` above can name them) ----
async function runKy(sc, print) {
  // ky rejects on a status >= 400 by itself (HTTPError, body left unread): the program reads
  // and prints the status and the body, then the error. Loaded like got (ESM only).
  const kyUrl = require("url").pathToFileURL(require.resolve("ky")).href;
  const {default: ky, HTTPError} = await import(kyUrl);
  const key = keyOf(sc);
  try {
    const r = await ky.post(baseUrl(sc) + "/chat/completions", {
      json: {model: sc.model, messages, stream: !!sc.stream},
      headers: {"Authorization": `Bearer ${key || ""}`},
      timeout: (sc.timeout || 10) * 1000, retry: 0});
    if (sc.stream) {
      const decoder = new TextDecoder();
      for await (const part of r.body) print(decoder.decode(part));
      return;
    }
    const text = await r.text();
    if (!text.includes("choices")) print(`${r.status} ${text}\n`);
    print(JSON.parse(text).choices[0].message.content);
  } catch (err) {
    if (err instanceof HTTPError) print(`${err.response.status} ${await err.response.text()}\n`);
    throw err;
  }
}

async function runUndici(sc, print) {
  // undici.request does not throw on a status >= 400: the program prints the status and the
  // body and throws an Error of its own; network failures are undici's (UND_ERR_...) or Node's
  const key = keyOf(sc);
  const ms = (sc.timeout || 10) * 1000;
  const {statusCode, body} = await lib.request(baseUrl(sc) + "/chat/completions", {
    method: "POST",
    headers: {"content-type": "application/json", "authorization": `Bearer ${key || ""}`},
    body: JSON.stringify({model: sc.model, messages, stream: !!sc.stream}),
    headersTimeout: ms, bodyTimeout: ms});
  if (sc.stream && statusCode < 400) {
    for await (const part of body) print(part.toString());
    return;
  }
  const text = await body.text();
  if (statusCode >= 400 || !text.includes("choices")) print(`${statusCode} ${text}\n`);
  if (statusCode >= 400) throw new Error(`Request failed with status ${statusCode}`);
  print(JSON.parse(text).choices[0].message.content);
}

// ---- superagent and @google/genai (round six), after the rest for the same reason ----
async function runSuperagent(sc, print) {
  // superagent rejects on a status >= 400 by itself (err.status, err.response): on "full" the
  // program prints the status and the body first, as with axios; superagent reads HTTPS_PROXY
  // only through a plugin, so the dead-proxy scenario resolves the host itself
  const key = keyOf(sc);
  const req = lib.post(baseUrl(sc) + "/chat/completions")
    .set("Authorization", `Bearer ${key || ""}`)
    .send({model: sc.model, messages, stream: !!sc.stream})
    .timeout((sc.timeout || 10) * 1000);
  let r;
  try {
    if (sc.stream) {
      await new Promise((resolve, reject) => {
        req.buffer(false).parse((res, done) => {
          res.on("data", (part) => print(part.toString()));
          res.on("end", () => done(null, null));
          res.on("error", done);
        }).end((err) => (err ? reject(err) : resolve()));
      });
      return;
    }
    r = await req;
  } catch (err) {
    if (err.response && sc.style === "full") print(`${err.status} ${err.response.text}\n`);
    throw err;
  }
  if (!r.text.includes("choices")) print(`${r.status} ${r.text}\n`);
  print(JSON.parse(r.text).choices[0].message.content);
}

async function runGoogleGenAI(sc, print) {
  // Gemini's own API (POST <root>/<version>/models/<model>:generateContent), as the Python
  // google-genai client is run; a LiteLLM proxy serves it under /v1beta only
  const ai = new lib.GoogleGenAI({apiKey: keyOf(sc), httpOptions: {baseUrl: baseUrl(sc, true),
    apiVersion: sc.base === "litellm" ? "v1beta" : "v1", timeout: (sc.timeout || 10) * 1000}});
  if (sc.stream) {
    const parts = await ai.models.generateContentStream({model: sc.model, contents: "Say hello"});
    for await (const part of parts) print(part.text || "");
  } else {
    print((await ai.models.generateContent({model: sc.model, contents: "Say hello"})).text);
  }
}

// ---- ofetch, wretch, needle and node-https (round seven), after the rest likewise ----
async function esm(name) {
  // ESM-only packages: import() does not look in NODE_PATH, so import the resolved file
  return import(require("url").pathToFileURL(require.resolve(name)).href);
}

async function runOfetch(sc, print) {
  // ofetch rejects on a status >= 400 (FetchError "[POST] \"url\": 401 Unauthorized", the
  // parsed body in err.data): on "full" the program prints the status and the body first
  const {ofetch} = await esm("ofetch");
  const key = keyOf(sc);
  const opts = {method: "POST", body: {model: sc.model, messages, stream: !!sc.stream},
    headers: {"Authorization": `Bearer ${key || ""}`}, timeout: (sc.timeout || 10) * 1000,
    retry: 0};
  try {
    if (sc.stream) {
      const body = await ofetch(baseUrl(sc) + "/chat/completions", {...opts, responseType: "stream"});
      const decoder = new TextDecoder();
      for await (const part of body) print(decoder.decode(part));
      return;
    }
    const data = await ofetch(baseUrl(sc) + "/chat/completions", opts);
    if (!data?.choices) print(`${util.inspect(data)}\n`);
    print(data.choices[0].message.content);
  } catch (err) {
    if (err.response && sc.style === "full") print(`${err.statusCode} ${JSON.stringify(err.data)}\n`);
    throw err;
  }
}

async function runWretch(sc, print) {
  // wretch rejects on a status >= 400 with a WretchError whose message is the body's text
  const {default: wretch} = await esm("wretch");
  const key = keyOf(sc);
  const req = wretch(baseUrl(sc) + "/chat/completions").auth(`Bearer ${key || ""}`)
    .options({signal: AbortSignal.timeout((sc.timeout || 10) * 1000)})
    .json({model: sc.model, messages, stream: !!sc.stream}).post();
  if (sc.stream) {
    const res = await req.res();
    const decoder = new TextDecoder();
    for await (const part of res.body) print(decoder.decode(part));
    return;
  }
  const data = await req.json();
  if (!data?.choices) print(`${JSON.stringify(data)}\n`);
  print(data.choices[0].message.content);
}

async function runNeedle(sc, print) {
  // needle does not reject on a status >= 400: the program prints the status and the body and
  // throws an Error of its own; needle reads no proxy variable
  const key = keyOf(sc);
  const ms = (sc.timeout || 10) * 1000;
  const opts = {json: true, headers: {"Authorization": `Bearer ${key || ""}`},
    response_timeout: ms, read_timeout: ms, parse: !sc.stream};
  if (sc.stream) {
    await new Promise((resolve, reject) => {
      const s = lib.post(baseUrl(sc) + "/chat/completions",
        {model: sc.model, messages, stream: true}, opts);
      s.on("data", (part) => print(part.toString()));
      s.on("done", (err) => (err ? reject(err) : resolve()));
    });
    return;
  }
  const res = await lib("post", baseUrl(sc) + "/chat/completions",
    {model: sc.model, messages}, opts);
  const body = typeof res.body === "string" ? res.body : JSON.stringify(res.body);
  if (res.statusCode >= 400 || !body.includes("choices")) print(`${res.statusCode} ${body}\n`);
  if (res.statusCode >= 400) throw new Error(`Request failed with status ${res.statusCode}`);
  print(res.body.choices[0].message.content);
}

async function runNodeHttps(sc, print) {
  // Node's http/https modules as the documentation's example uses them: "STATUS: ..." and
  // "BODY: ..." printed, console.error(`problem with request: ${e.message}`) on an error, and
  // a timeout that destroys the request; no proxy support without an agent
  const url = new URL(baseUrl(sc) + "/chat/completions");
  const mod = url.protocol === "https:" ? require("https") : require("http");
  const key = keyOf(sc);
  const data = JSON.stringify({model: sc.model, messages, stream: !!sc.stream});
  await new Promise((resolve) => {
    const req = mod.request(url, {method: "POST", timeout: (sc.timeout || 10) * 1000, headers: {
      "Content-Type": "application/json", "Content-Length": Buffer.byteLength(data),
      "Authorization": `Bearer ${key || ""}`}}, (res) => {
      print(`STATUS: ${res.statusCode}\n`);
      if (sc.style === "full") print(`HEADERS: ${JSON.stringify(res.headers)}\n`);
      res.setEncoding("utf8");
      res.on("data", (chunk) => print(`BODY: ${chunk}\n`));
      res.on("end", () => { print("No more data in response.\n"); resolve(); });
      res.on("error", (e) => { print(`problem with response: ${e.message}\n`); resolve(); });
    });
    req.on("timeout", () => req.destroy());
    req.on("error", (e) => { print(`problem with request: ${e.message}\n`); resolve(); });
    req.write(data);
    req.end();
  });
}

// ---- groq-sdk, together-ai and @llamaindex/openai (round eight), after the rest likewise;
// all three are built on Node's fetch and ignore HTTPS_PROXY ----
async function runGroq(sc, print) {
  // Groq's SDK always posts to <baseURL>/openai/v1/chat/completions: like the Python groq
  // client, a fetch of the program's own maps that /openai/v1/ onto /v1/ (a gateway's route),
  // so the call reaches <root>/v1/chat/completions (<root>/v1/v1/... for the doubled base)
  for (const k of ["GROQ_API_KEY", "GROQ_BASE_URL"]) delete process.env[k];
  const Groq = lib.default || lib;
  const client = new Groq({baseURL: baseUrl(sc, true), apiKey: keyOf(sc), maxRetries: 0,
    timeout: (sc.timeout || 10) * 1000,
    fetch: (url, init) => fetch(String(url).replace("/openai/v1/", "/v1/"), init)});
  if (sc.stream) {
    const stream = await client.chat.completions.create({model: sc.model, messages, stream: true});
    for await (const chunk of stream) print(chunk.choices[0]?.delta?.content || "");
  } else {
    const r = await client.chat.completions.create({model: sc.model, messages});
    print(r.choices[0].message.content);
  }
}

async function runTogether(sc, print) {
  for (const k of ["TOGETHER_API_KEY", "TOGETHER_BASE_URL"]) delete process.env[k];
  const Together = lib.default || lib;
  const client = new Together({baseURL: baseUrl(sc), apiKey: keyOf(sc), maxRetries: 0,
    timeout: (sc.timeout || 10) * 1000});
  if (sc.stream) {
    const stream = await client.chat.completions.create({model: sc.model, messages, stream: true});
    for await (const chunk of stream) print(chunk.choices[0]?.delta?.content || "");
  } else {
    const r = await client.chat.completions.create({model: sc.model, messages});
    print(r.choices[0].message.content);
  }
}

async function runLlamaIndex(sc, print) {
  // LlamaIndex.TS's OpenAI LLM (its own openai@5 inside): the base URL through
  // additionalSessionOptions, as its docs show for an OpenAI-compatible server
  delete process.env.OPENAI_BASE_URL;
  const llm = new lib.OpenAI({model: sc.model, apiKey: keyOf(sc), maxRetries: 0,
    timeout: (sc.timeout || 10) * 1000, additionalSessionOptions: {baseURL: baseUrl(sc)}});
  const chat = [{role: "user", content: "Say hello"}];
  if (sc.stream) {
    for await (const part of await llm.chat({messages: chat, stream: true})) print(part.delta);
  } else {
    print((await llm.chat({messages: chat})).message.content);
  }
}

// ---- @ai-sdk/openai-compatible and @mistralai/mistralai (round nine), after the rest likewise;
// both are built on Node's fetch and ignore HTTPS_PROXY ----
async function runAiSdkCompatible(sc, print) {
  // the AI SDK's provider for any OpenAI-compatible server, as its docs show it:
  // createOpenAICompatible({name, baseURL, apiKey}) and generateText/streamText from `ai`
  const ai = require("ai");
  const provider = lib.createOpenAICompatible({name: "gateway", baseURL: baseUrl(sc),
    apiKey: keyOf(sc)});
  const opts = {model: provider(sc.model), messages, maxRetries: 0,
    abortSignal: AbortSignal.timeout((sc.timeout || 10) * 1000)};
  if (sc.stream) {
    // as for ai-sdk: streamText's onError catches the error, shown by style like any other
    let failure;
    const onError = ({error}) => { failure = failure || error; };
    const result = ai.streamText({...opts, onError});
    for await (const text of result.textStream) print(text);
    if (failure) throw failure;
  } else {
    const {text} = await ai.generateText(opts);
    print(text);
  }
}

async function runMistral(sc, print) {
  // Mistral's TypeScript SDK posts to <serverURL>/v1/chat/completions itself (as the Python
  // mistralai does); no retries (its default retryConfig is none too)
  delete process.env.MISTRAL_API_KEY;
  const client = new lib.Mistral({apiKey: keyOf(sc), serverURL: baseUrl(sc, true),
    timeoutMs: (sc.timeout || 10) * 1000, retryConfig: {strategy: "none"}});
  if (sc.stream) {
    const result = await client.chat.stream({model: sc.model, messages});
    for await (const event of result) print(event.data.choices[0]?.delta?.content || "");
  } else {
    const r = await client.chat.complete({model: sc.model, messages});
    print(r.choices[0].message.content);
  }
}

// ---- portkey-ai and @openrouter/ai-sdk-provider (round ten), after the rest likewise;
// both are built on Node's fetch and ignore HTTPS_PROXY ----
async function runPortkey(sc, print) {
  // Portkey's SDK pointed at the loopback server as if it were the gateway: its own key
  // (x-portkey-api-key), the provider and the provider's key (Authorization) as its docs show
  // for a self-hosted gateway; the no-key scenario passes neither. The SDK's own HTTP client
  // (one retry on 5xx, as it comes) has no timeout that works (neither a timeout nor an abort
  // signal reaches its fetch): generate.py leaves it out of slow-answer.
  for (const k of ["PORTKEY_API_KEY", "PORTKEY_BASE_URL"]) delete process.env[k];
  const Portkey = lib.Portkey || lib.default || lib;
  const key = keyOf(sc);
  const client = key === undefined ? new Portkey({baseURL: baseUrl(sc), provider: "openai"})
    : new Portkey({baseURL: baseUrl(sc), apiKey: key, provider: "openai",
      Authorization: `Bearer ${key}`});
  if (sc.stream) {
    const stream = await client.chat.completions.create({model: sc.model, messages, stream: true});
    for await (const chunk of stream) print(chunk.choices?.[0]?.delta?.content || "");
  } else {
    const r = await client.chat.completions.create({model: sc.model, messages});
    print(r.choices[0].message.content);
  }
}

async function runOpenRouter(sc, print) {
  // OpenRouter's AI SDK provider with its base URL set (createOpenRouter({baseURL, apiKey})),
  // generateText/streamText from `ai` as for ai-sdk; no key: OPENROUTER_API_KEY is unset too
  delete process.env.OPENROUTER_API_KEY;
  const ai = require("ai");
  const provider = lib.createOpenRouter({baseURL: baseUrl(sc), apiKey: keyOf(sc)});
  const opts = {model: provider.chat(sc.model), messages, maxRetries: 0,
    abortSignal: AbortSignal.timeout((sc.timeout || 10) * 1000)};
  if (sc.stream) {
    // as for ai-sdk: streamText's onError catches the error, shown by style like any other
    let failure;
    const onError = ({error}) => { failure = failure || error; };
    const result = ai.streamText({...opts, onError});
    for await (const text of result.textStream) print(text);
    if (failure) throw failure;
  } else {
    const {text} = await ai.generateText(opts);
    print(text);
  }
}

async function runMastra(sc, print) {
  // a Mastra agent on an OpenAI-compatible model given as {id: "<provider>/<model>", url,
  // apiKey} (Mastra's model router, as its docs show for a custom endpoint); no retries
  // (maxRetries: 0), the timeout as an abort signal. Mastra's logger writes the failure to the
  // console itself ("Upstream LLM API error {...}"): on "full" those lines are part of the
  // terminal, on "last" only what the program printed and the error it threw. (A timed-out
  // run ends quietly with no text and no error: generate.py leaves it out of slow-answer.)
  process.env.MASTRA_TELEMETRY_DISABLED = "1";
  const {Agent} = require("@mastra/core/agent");
  const saved = {};
  for (const m of ["log", "info", "warn", "error", "debug"]) {
    saved[m] = console[m];
    console[m] = (...args) => {
      if (sc.style === "full") print(util.formatWithOptions({colors: false}, ...args) + "\n");
    };
  }
  try {
    const agent = new Agent({id: "helper", name: "helper", instructions: "You are a helpful assistant.",
      model: {id: `gateway/${sc.model}`, url: baseUrl(sc), apiKey: keyOf(sc)}, maxRetries: 0});
    const options = {abortSignal: AbortSignal.timeout((sc.timeout || 10) * 1000)};
    if (sc.stream) {
      const result = await agent.stream("Say hello", options);
      for await (const text of result.textStream) print(text);
      if (result.error) throw result.error;
    } else {
      const result = await agent.generate("Say hello", options);
      if (result.error) throw result.error;
      print(result.text);
    }
  } finally {
    for (const m of Object.keys(saved)) console[m] = saved[m];
  }
}

// ---- @huggingface/inference (round eleven), after the rest likewise; built on Node's fetch,
// it ignores HTTPS_PROXY ----
async function runHuggingFace(sc, print) {
  // Hugging Face's JS client pointed at an OpenAI-compatible server as its docs show it:
  // new InferenceClient(token, {endpointUrl}) and chatCompletion / chatCompletionStream (it
  // appends /chat/completions to a URL ending in /v1, /v1/chat/completions to any other); no
  // retry on a 503 (retry_on_error: false), the timeout as an abort signal; no key: no token
  for (const k of ["HF_TOKEN", "HUGGINGFACE_HUB_TOKEN"]) delete process.env[k];
  const client = new lib.InferenceClient(keyOf(sc), {endpointUrl: baseUrl(sc),
    retry_on_error: false});
  const options = {signal: AbortSignal.timeout((sc.timeout || 10) * 1000)};
  if (sc.stream) {
    for await (const chunk of client.chatCompletionStream({model: sc.model, messages}, options)) {
      print(chunk.choices?.[0]?.delta?.content || "");
    }
  } else {
    const r = await client.chatCompletion({model: sc.model, messages, max_tokens: 32}, options);
    print(r.choices[0].message.content);
  }
}

// ---- @openai/agents, multi-llm-ts and token.js (round twelve), after the rest likewise; all
// three are built on the openai package (Node's fetch) and ignore HTTPS_PROXY ----
async function runOpenAIAgents(sc, print) {
  // the OpenAI Agents SDK for JS on an OpenAI-compatible server, as its docs show it: an OpenAI
  // client of the program's own (the openai package the SDK depends on; maxRetries: 0 and the
  // timeout there) in an OpenAIChatCompletionsModel, tracing off, run(agent, input) and
  // run(agent, input, {stream: true}) with toTextStream(); no key: the client refuses to start
  const OpenAI = require("openai").default || require("openai");
  lib.setTracingDisabled(true);
  const client = new OpenAI({baseURL: baseUrl(sc), apiKey: keyOf(sc), maxRetries: 0,
    timeout: (sc.timeout || 10) * 1000});
  const agent = new lib.Agent({name: "Assistant", instructions: "You are a helpful assistant.",
    model: new lib.OpenAIChatCompletionsModel(client, sc.model)});
  if (sc.stream) {
    const result = await lib.run(agent, "Say hello", {stream: true});
    for await (const text of result.toTextStream()) print(text);
    await result.completed;
    if (result.error) throw result.error;
  } else {
    const result = await lib.run(agent, "Say hello");
    print(result.finalOutput);
  }
}

async function runMultiLlm(sc, print) {
  // multi-llm-ts's OpenAI engine with a base URL (igniteModel("openai", model, {apiKey, baseURL,
  // timeout}) and complete / generate, as its docs show); the engine's openai client keeps its
  // default retries (the library has no setting for them). Its logger writes to the console:
  // on "full" those lines are part of the terminal, on "last" only what the program printed
  // and the error it threw
  const saved = {};
  for (const m of ["log", "info", "warn", "error", "debug"]) {
    saved[m] = console[m];
    console[m] = (...args) => {
      if (sc.style === "full") print(util.formatWithOptions({colors: false}, ...args) + "\n");
    };
  }
  try {
    const model = lib.igniteModel("openai", sc.model, {apiKey: keyOf(sc), baseURL: baseUrl(sc),
      timeout: (sc.timeout || 10) * 1000});
    const thread = [new lib.Message("system", "You are a helpful assistant."),
      new lib.Message("user", "Say hello")];
    if (sc.stream) {
      for await (const chunk of model.generate(thread)) {
        if (chunk.type === "content") print(chunk.text || "");
      }
    } else {
      const response = await model.complete(thread);
      print(response.content);
    }
  } finally {
    for (const m of Object.keys(saved)) console[m] = saved[m];
  }
}

async function runTokenJs(sc, print) {
  // Token.js's openai-compatible provider (new TokenJS({baseURL, apiKey}) and
  // tokenjs.chat.completions.create({provider: "openai-compatible", ...}), as its docs show);
  // its options go to the openai client it makes for each call, so maxRetries: 0 and the
  // timeout are given there too; no key: OPENAI_COMPATIBLE_API_KEY unset, an empty key is sent
  delete process.env.OPENAI_COMPATIBLE_API_KEY;
  const tokenjs = new lib.TokenJS({baseURL: baseUrl(sc), apiKey: keyOf(sc), maxRetries: 0,
    timeout: (sc.timeout || 10) * 1000});
  const request = {provider: "openai-compatible", model: sc.model, messages};
  if (sc.stream) {
    const stream = await tokenjs.chat.completions.create({...request, stream: true});
    for await (const part of stream) print(part.choices[0]?.delta?.content || "");
  } else {
    const r = await tokenjs.chat.completions.create(request);
    print(r.choices[0].message.content);
  }
}

// ---- the openai package's Responses API, @ai-sdk/openai's responses model and
// @instructor-ai/instructor (round thirteen), after the rest likewise; all three are built on
// Node's fetch and ignore HTTPS_PROXY ----
async function runOpenAIResponses(sc, print) {
  // the openai package's Responses API, as its README shows it: client.responses.create({model,
  // input}) and output_text (with stream: true, the response.output_text.delta events' text);
  // no key: the client refuses to start (OPENAI_API_KEY is unset too)
  const OpenAI = lib.OpenAI || lib.default || lib;
  const client = new OpenAI({baseURL: baseUrl(sc), apiKey: keyOf(sc), maxRetries: 0,
    timeout: (sc.timeout || 10) * 1000});
  if (sc.stream) {
    const stream = await client.responses.create({model: sc.model, input: "Say hello",
      stream: true});
    for await (const event of stream) {
      if (event.type === "response.output_text.delta") print(event.delta);
    }
  } else {
    const r = await client.responses.create({model: sc.model, input: "Say hello"});
    print(r.output_text);
  }
}

async function runAiSdkResponses(sc, print) {
  // the AI SDK's OpenAI provider with its Responses API model (provider.responses(model), the
  // provider's default for a bare provider(model) too), generateText/streamText from `ai` as
  // for ai-sdk; no key: OPENAI_API_KEY is unset too
  const ai = require("ai");
  const provider = lib.createOpenAI({baseURL: baseUrl(sc), apiKey: keyOf(sc)});
  const opts = {model: provider.responses(sc.model), messages, maxRetries: 0,
    abortSignal: AbortSignal.timeout((sc.timeout || 10) * 1000)};
  if (sc.stream) {
    // as for ai-sdk: streamText's onError catches the error, shown by style like any other
    let failure;
    const onError = ({error}) => { failure = failure || error; };
    const result = ai.streamText({...opts, onError});
    for await (const text of result.textStream) print(text);
    if (failure) throw failure;
  } else {
    const {text} = await ai.generateText(opts);
    print(text);
  }
}

async function runInstructor(sc, print) {
  // Instructor for JS as its docs show it: Instructor({client: <an OpenAI client of the
  // program's own>, mode: "TOOLS"}) and chat.completions.create({..., response_model: {schema,
  // name}, max_retries: 0}) with a zod schema; maxRetries: 0 and the timeout on the OpenAI
  // client; when streaming, the partial objects as they come. No key: the OpenAI client
  // refuses to start (OPENAI_API_KEY is unset too). Instructor's logger (and zod-stream's parser,
  // when streaming) write to the console: on "full" those lines are part of the terminal, as
  // for mastra, on "last" only what the program printed and the error it threw
  const OpenAI = require("openai").OpenAI || require("openai").default || require("openai");
  const {z} = require("zod");
  const Instructor = lib.default || lib.Instructor || lib;
  const saved = {};
  for (const m of ["log", "info", "warn", "error", "debug"]) {
    saved[m] = console[m];
    console[m] = (...args) => {
      if (sc.style === "full") print(util.formatWithOptions({colors: false}, ...args) + "\n");
    };
  }
  // zod-stream reads a streamed body in the background: an error of that reading escapes the
  // program's try as an uncaught exception, which Node prints before it exits; caught here
  // instead and shown by style like any other, so the rest of the plan still runs
  let onUncaught;
  const escaped = new Promise((_, reject) => {
    onUncaught = (err) => reject(err);
    process.on("uncaughtException", onUncaught);
  });
  escaped.catch(() => {});
  try {
    const oai = new OpenAI({baseURL: baseUrl(sc), apiKey: keyOf(sc), maxRetries: 0,
      timeout: (sc.timeout || 10) * 1000});
    const client = Instructor({client: oai, mode: "TOOLS"});
    const response_model = {schema: z.object({greeting: z.string()}), name: "Greeting"};
    if (sc.stream) {
      await Promise.race([escaped, (async () => {
        const stream = await client.chat.completions.create({model: sc.model, messages,
          response_model, max_retries: 0, stream: true});
        let last;
        for await (const partial of stream) last = partial;
        print(JSON.stringify(last) + "\n");
      })()]);
    } else {
      const r = await client.chat.completions.create({model: sc.model, messages, response_model,
        max_retries: 0});
      print(r.greeting);
    }
  } finally {
    await new Promise((resolve) => setTimeout(resolve, 100));
    process.removeListener("uncaughtException", onUncaught);
    for (const m of Object.keys(saved)) console[m] = saved[m];
  }
}

// ---- modelfusion (round fourteen), after the rest for the same reason ----
async function runModelFusion(sc, print) {
  // ModelFusion as its docs show a server that speaks OpenAI's chat API:
  // openaicompatible.ChatTextGenerator({api: new BaseUrlApiConfiguration({baseUrl, headers:
  // {Authorization: `Bearer ${key}`}, retry: retryNever()}), model}).withTextPrompt() and
  // generateText / streamText({model, prompt}). (Its openai.ChatTextGenerator knows only the
  // model names of early 2024 and refuses the others, gpt-4o-mini too, before any request.)
  // The timeout is the run's abortSignal (ModelFusion has no timeout setting of its own). No
  // key: the program sends no Authorization header
  const {openaicompatible, BaseUrlApiConfiguration, generateText, streamText, retryNever} = lib;
  const key = keyOf(sc);
  const api = new BaseUrlApiConfiguration({baseUrl: baseUrl(sc),
    headers: key ? {Authorization: `Bearer ${key}`} : {}, retry: retryNever()});
  const model = openaicompatible.ChatTextGenerator({api, model: sc.model}).withTextPrompt();
  const run = {abortSignal: AbortSignal.timeout((sc.timeout || 10) * 1000)};
  if (sc.stream) {
    const stream = await streamText({model, prompt: "Say hello", run});
    for await (const part of stream) print(part);
  } else {
    print(await generateText({model, prompt: "Say hello", run}));
  }
}

// ---- @ai-sdk/deepseek and @cerebras/cerebras_cloud_sdk (round fifteen), after the rest
// likewise; the first is built on Node's fetch, the second on its own node-fetch with no agent:
// both ignore HTTPS_PROXY ----
async function runAiSdkDeepSeek(sc, print) {
  // the AI SDK's DeepSeek provider pointed at a DeepSeek-compatible server, as its docs show
  // it: createDeepSeek({baseURL, apiKey}) (it appends /chat/completions to the base URL) and
  // generateText/streamText from `ai` as for ai-sdk; no key: DEEPSEEK_API_KEY is unset too
  delete process.env.DEEPSEEK_API_KEY;
  const ai = require("ai");
  const provider = lib.createDeepSeek({baseURL: baseUrl(sc), apiKey: keyOf(sc)});
  const opts = {model: provider(sc.model), messages, maxRetries: 0,
    abortSignal: AbortSignal.timeout((sc.timeout || 10) * 1000)};
  if (sc.stream) {
    // as for ai-sdk: streamText's onError catches the error, shown by style like any other
    let failure;
    const onError = ({error}) => { failure = failure || error; };
    const result = ai.streamText({...opts, onError});
    for await (const text of result.textStream) print(text);
    if (failure) throw failure;
  } else {
    const {text} = await ai.generateText(opts);
    print(text);
  }
}

async function runCerebras(sc, print) {
  // Cerebras's Node SDK as its README shows it: new Cerebras({apiKey, baseURL, maxRetries: 0,
  // timeout}) and chat.completions.create({model, messages, stream}); it posts to
  // <baseURL>/v1/chat/completions itself, so the base URL is the server's root (.../v1 for the
  // doubled one). Its constructor warms the TCP connection in the background (a GET of
  // /v1/tcp_warming whose failure it logs only in debug mode), left on as it comes. No key:
  // the client refuses to start (CEREBRAS_API_KEY is unset too)
  for (const k of ["CEREBRAS_API_KEY", "CEREBRAS_BASE_URL"]) delete process.env[k];
  const Cerebras = lib.Cerebras || lib.default || lib;
  const client = new Cerebras({baseURL: baseUrl(sc, true), apiKey: keyOf(sc), maxRetries: 0,
    timeout: (sc.timeout || 10) * 1000});
  if (sc.stream) {
    const stream = await client.chat.completions.create({model: sc.model, messages, stream: true});
    for await (const chunk of stream) print(chunk.choices?.[0]?.delta?.content || "");
  } else {
    const r = await client.chat.completions.create({model: sc.model, messages});
    print(r.choices[0].message.content);
  }
}

// ---- @ai-sdk/groq and @openrouter/sdk (round sixteen), after the rest likewise; both are
// built on Node's fetch and ignore HTTPS_PROXY ----
async function runAiSdkGroq(sc, print) {
  // the AI SDK's Groq provider pointed at a Groq-compatible server, as its docs show it:
  // createGroq({baseURL, apiKey}) (it appends /chat/completions to the base URL, whose default
  // is https://api.groq.com/openai/v1) and generateText/streamText from `ai` as for ai-sdk; no
  // key: GROQ_API_KEY is unset too
  delete process.env.GROQ_API_KEY;
  const ai = require("ai");
  const provider = lib.createGroq({baseURL: baseUrl(sc), apiKey: keyOf(sc)});
  const opts = {model: provider(sc.model), messages, maxRetries: 0,
    abortSignal: AbortSignal.timeout((sc.timeout || 10) * 1000)};
  if (sc.stream) {
    // as for ai-sdk: streamText's onError catches the error, shown by style like any other
    let failure;
    const onError = ({error}) => { failure = failure || error; };
    const result = ai.streamText({...opts, onError});
    for await (const text of result.textStream) print(text);
    if (failure) throw failure;
  } else {
    const {text} = await ai.generateText(opts);
    print(text);
  }
}

async function runOpenRouterSdk(sc, print) {
  // OpenRouter's own TypeScript SDK: new OpenRouter({apiKey, serverURL, retryConfig: {strategy:
  // "none"}, timeoutMs}) and chat.send({chatRequest: {model, messages, stream}}) (its 1.x wraps
  // the body in chatRequest, as its type declarations show; the README's bare {model, messages}
  // fails its input validation before any request); it posts to <serverURL>/chat/completions
  // (serverURL's default is https://openrouter.ai/api/v1), so the base URL is the server's /v1.
  // No key: OPENROUTER_API_KEY unset, apiKey undefined
  delete process.env.OPENROUTER_API_KEY;
  const OpenRouter = lib.OpenRouter || lib.default;
  const client = new OpenRouter({apiKey: keyOf(sc), serverURL: baseUrl(sc),
    retryConfig: {strategy: "none"}, timeoutMs: (sc.timeout || 10) * 1000});
  if (sc.stream) {
    const stream = await client.chat.send({chatRequest: {model: sc.model, messages,
      stream: true}});
    for await (const chunk of stream) print(chunk.choices?.[0]?.delta?.content || "");
  } else {
    const r = await client.chat.send({chatRequest: {model: sc.model, messages}});
    print(r.choices[0].message.content);
  }
}

// ---- @langchain/deepseek, @ai-sdk/xai and @ai-sdk/fireworks (round seventeen), after the rest
// likewise; all three are built on Node's fetch (the first through the openai package) and
// ignore HTTPS_PROXY ----
async function runLangchainDeepSeek(sc, print) {
  // LangChain.js's DeepSeek chat model as its docs show it for a DeepSeek-compatible server:
  // new ChatDeepSeek({model, apiKey, configuration: {baseURL}, maxRetries: 0, timeout}) (a
  // ChatOpenAI whose default baseURL is https://api.deepseek.com; the openai package under it
  // appends /chat/completions), so the base URL is the server's /v1; invoke / stream
  // ("Say hello"). No key: apiKey undefined and DEEPSEEK_API_KEY unset (the constructor throws)
  delete process.env.DEEPSEEK_API_KEY;
  const llm = new lib.ChatDeepSeek({model: sc.model, apiKey: keyOf(sc),
    configuration: {baseURL: baseUrl(sc)}, maxRetries: 0, timeout: (sc.timeout || 10) * 1000});
  if (sc.stream) {
    for await (const chunk of await llm.stream("Say hello")) print(chunk.content);
  } else {
    print((await llm.invoke("Say hello")).content);
  }
}

async function runAiSdkProvider(sc, print, provider) {
  // generateText / streamText from `ai` with the provider's default (chat) model, as for ai-sdk
  const ai = require("ai");
  const opts = {model: provider(sc.model), messages, maxRetries: 0,
    abortSignal: AbortSignal.timeout((sc.timeout || 10) * 1000)};
  if (sc.stream) {
    // as for ai-sdk: streamText's onError catches the error, shown by style like any other
    let failure;
    const onError = ({error}) => { failure = failure || error; };
    const result = ai.streamText({...opts, onError});
    for await (const text of result.textStream) print(text);
    if (failure) throw failure;
  } else {
    const {text} = await ai.generateText(opts);
    print(text);
  }
}

async function runAiSdkXai(sc, print) {
  // the AI SDK's xAI provider pointed at an xAI-compatible server, as its docs show it:
  // createXai({baseURL, apiKey}) (its chat model appends /chat/completions to the base URL,
  // whose default is https://api.x.ai/v1); no key: XAI_API_KEY is unset too
  delete process.env.XAI_API_KEY;
  await runAiSdkProvider(sc, print, lib.createXai({baseURL: baseUrl(sc), apiKey: keyOf(sc)}));
}

async function runAiSdkFireworks(sc, print) {
  // the AI SDK's Fireworks provider likewise: createFireworks({baseURL, apiKey}) (an
  // OpenAI-compatible chat model that appends /chat/completions to the base URL, whose default
  // is https://api.fireworks.ai/inference/v1); no key: FIREWORKS_API_KEY is unset too
  delete process.env.FIREWORKS_API_KEY;
  await runAiSdkProvider(sc, print,
    lib.createFireworks({baseURL: baseUrl(sc), apiKey: keyOf(sc)}));
}

// ---- @ai-sdk/togetherai, @ai-sdk/cerebras, @ai-sdk/deepinfra and @langchain/groq (round
// eighteen), after the rest likewise; all four are built on Node's fetch (the last through the
// groq-sdk package) and ignore HTTPS_PROXY ----
async function runAiSdkTogetherAI(sc, print) {
  // the AI SDK's Together AI provider pointed at a Together-compatible server, as its docs show
  // it: createTogetherAI({baseURL, apiKey}) (an OpenAI-compatible chat model that appends
  // /chat/completions to the base URL, whose default is https://api.together.xyz/v1/), with
  // generateText/streamText as for ai-sdk; no key: TOGETHER_API_KEY is unset too
  for (const k of ["TOGETHER_API_KEY", "TOGETHER_AI_API_KEY"]) delete process.env[k];
  await runAiSdkProvider(sc, print,
    lib.createTogetherAI({baseURL: baseUrl(sc), apiKey: keyOf(sc)}));
}

async function runAiSdkCerebras(sc, print) {
  // the AI SDK's Cerebras provider likewise: createCerebras({baseURL, apiKey}) (it appends
  // /chat/completions to the base URL, whose default is https://api.cerebras.ai/v1); no key:
  // CEREBRAS_API_KEY is unset too
  delete process.env.CEREBRAS_API_KEY;
  await runAiSdkProvider(sc, print,
    lib.createCerebras({baseURL: baseUrl(sc), apiKey: keyOf(sc)}));
}

async function runAiSdkDeepInfra(sc, print) {
  // the AI SDK's DeepInfra provider: createDeepInfra({baseURL, apiKey}) posts its chat model's
  // requests to <baseURL>/openai/chat/completions (DeepInfra's own route; the default base URL
  // is https://api.deepinfra.com/v1). As for groq-sdk, a fetch of the program's own maps that
  // /openai/chat/ onto /chat/ (a gateway's route), so the call reaches <root>/v1/chat/completions
  // (<root>/v1/v1/... for the doubled base); no key: DEEPINFRA_API_KEY is unset too
  delete process.env.DEEPINFRA_API_KEY;
  await runAiSdkProvider(sc, print, lib.createDeepInfra({baseURL: baseUrl(sc), apiKey: keyOf(sc),
    fetch: (url, init) => fetch(String(url).replace("/openai/chat/", "/chat/"), init)}));
}

async function runLangchainGroq(sc, print) {
  // LangChain.js's Groq chat model: new ChatGroq({model, apiKey, baseUrl, timeout, fetch}) (it
  // builds a groq-sdk client with maxRetries 0 itself); groq-sdk always posts to
  // <baseUrl>/openai/v1/chat/completions, so the base URL is the server's root and, as for
  // groq-sdk, a fetch of the program's own maps /openai/v1/ onto /v1/ (a gateway's route);
  // invoke / stream ("Say hello"). No key: apiKey undefined and GROQ_API_KEY unset (the
  // constructor throws)
  for (const k of ["GROQ_API_KEY", "GROQ_BASE_URL"]) delete process.env[k];
  const llm = new lib.ChatGroq({model: sc.model, apiKey: keyOf(sc), baseUrl: baseUrl(sc, true),
    maxRetries: 0, timeout: (sc.timeout || 10) * 1000,
    fetch: (url, init) => fetch(String(url).replace("/openai/v1/", "/v1/"), init)});
  if (sc.stream) {
    for await (const chunk of await llm.stream("Say hello")) print(chunk.content);
  } else {
    print((await llm.invoke("Say hello")).content);
  }
}
