// The fake Pushover over real HTTP, for `npm start` and Node-side tests: PUSHOVER_API_URL for the
// app is the returned `url`. Run alone: `node test/fakes/pushover-server.mjs` (port from
// PUSHOVER_FAKE_PORT, default 8789); every accepted message is printed.
import { createServer } from "node:http";
import { pathToFileURL } from "node:url";
import { createFakePushover } from "./pushover-core.mjs";

async function toRequest(req, origin) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (typeof value === "string") headers.set(name, value);
    else if (Array.isArray(value)) headers.set(name, value.join(", "));
  }
  const method = req.method ?? "GET";
  const body = chunks.length && method !== "GET" && method !== "HEAD" ? Buffer.concat(chunks) : undefined;
  return new Request(new URL(req.url ?? "/", origin), { method, headers, body });
}

/**
 * Starts the fake on 127.0.0.1. Accepts a port number or `{ port, host, quiet, ...createFakePushover options }`
 * (port 0 = any free port). Returns `{ url, port, fake, close }`.
 */
export async function startFakePushover(portOrOptions = {}) {
  const {
    port = 0,
    host = "127.0.0.1",
    quiet = false,
    ...options
  } = typeof portOrOptions === "number" ? { port: portOrOptions } : portOrOptions;
  const fake = createFakePushover(options);
  let origin = `http://${host}:${port}`;
  const server = createServer(async (req, res) => {
    try {
      const response = await fake.handle(await toRequest(req, origin));
      res.writeHead(response.status, Object.fromEntries(response.headers.entries()));
      res.end(Buffer.from(await response.arrayBuffer()));
      if (!quiet && response.status === 200) {
        const last = fake.messages.at(-1);
        console.log(`[fake pushover] ${last?.title ?? ""}: ${last?.message ?? ""}`);
      }
    } catch (error) {
      res.writeHead(500, { "Content-Type": "application/json" });
      res.end(JSON.stringify({ status: 0, errors: [String(error)] }));
    }
  });
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, resolve);
  });
  const address = server.address();
  const actualPort = typeof address === "object" && address ? address.port : port;
  origin = `http://${host}:${actualPort}`;
  return { url: origin, port: actualPort, fake, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { url } = await startFakePushover({ port: Number(process.env.PUSHOVER_FAKE_PORT ?? 8789) });
  console.log(`fake Pushover listening on ${url}`);
}
