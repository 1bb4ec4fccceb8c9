// The fake Apex Trading server over real HTTP, for `npm start` and Node-side tests.
// Run alone: `node test/fakes/apex-server.mjs` (port from APEX_FAKE_PORT, default 8788, demo data).
import { createServer } from "node:http";
import { pathToFileURL } from "node:url";
import { createFakeApex } from "./apex-core.mjs";
import { seedDemo } from "./apex-data.mjs";

async function toRequest(req, origin) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  const body = chunks.length ? Buffer.concat(chunks) : undefined;
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (typeof value === "string") headers.set(name, value);
    else if (Array.isArray(value)) headers.set(name, value.join(", "));
  }
  const method = req.method ?? "GET";
  return new Request(new URL(req.url ?? "/", origin), { method, headers, body: method === "GET" || method === "HEAD" ? undefined : body });
}

/** The token `npm start` writes into .dev.vars (scripts/lib/local.mjs). */
const LOCAL_TOKEN = "130|local-fake-apex-token";

/**
 * Starts the fake on 127.0.0.1. Options are those of createFakeApex plus `port` (0 = any free
 * port), `host`, `demo` (serve the demo catalogue and orders; on by default, as `npm start` wants)
 * and `quiet`. The token defaults to APEX_API_TOKEN from the environment, else the local one.
 * Returns `{ url, port, fake, close }`; APEX_BASE_URL for the app is `url`.
 */
export async function startFakeApex({ port = 0, host = "127.0.0.1", demo = true, quiet = false, ...options } = {}) {
  let origin = `http://${host}:${port}`;
  const token = options.token ?? process.env.APEX_API_TOKEN ?? LOCAL_TOKEN;
  const fake = createFakeApex({ ...options, token, origin: options.origin });
  const server = createServer(async (req, res) => {
    try {
      const response = await fake.handle(await toRequest(req, origin));
      const headers = Object.fromEntries(response.headers.entries());
      res.writeHead(response.status, headers);
      res.end(Buffer.from(await response.arrayBuffer()));
    } catch (error) {
      res.writeHead(500, { "Content-Type": "application/json" });
      res.end(JSON.stringify({ message: "Server Error", detail: String(error) }));
    }
  });
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, resolve);
  });
  const address = server.address();
  const actualPort = typeof address === "object" && address ? address.port : port;
  origin = `http://${host}:${actualPort}`;
  fake.origin = origin;
  if (demo) seedDemo(fake, Date.now());
  if (!quiet) console.log(`fake Apex Trading on ${origin} (${demo ? "demo data" : "empty"})`);
  return {
    url: origin,
    port: actualPort,
    fake,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const port = Number(process.env.APEX_FAKE_PORT ?? 8788);
  await startFakeApex({ port });
}
