import { SELF } from "cloudflare:test";
import { ORIGIN } from "./http";

const WAIT_MS = 5_000;

/** A real WebSocket to /api/live inside workerd, with its received frames queued in order. */
export class LiveSocket {
  private frames: unknown[] = [];
  private waiters: ((frame: unknown) => void)[] = [];

  private constructor(readonly ws: WebSocket) {
    ws.addEventListener("message", (event) => {
      const frame = typeof event.data === "string" ? JSON.parse(event.data) : event.data;
      const waiter = this.waiters.shift();
      if (waiter) waiter(frame);
      else this.frames.push(frame);
    });
  }

  /** Upgrades through the Worker; throws with the response when it is not a 101. */
  static async open(path = "/api/live", headers: Record<string, string> = {}): Promise<LiveSocket> {
    const res = await upgrade(path, headers);
    if (res.status !== 101 || !res.webSocket) throw new Error(`upgrade refused: ${res.status} ${await res.text()}`);
    res.webSocket.accept();
    return new LiveSocket(res.webSocket);
  }

  send(frame: unknown): void {
    this.ws.send(typeof frame === "string" || frame instanceof ArrayBuffer ? frame : JSON.stringify(frame));
  }

  /** The next frame not yet read, waiting for it if needed. */
  next(): Promise<unknown> {
    const queued = this.frames.shift();
    if (queued !== undefined) return Promise.resolve(queued);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== deliver);
        reject(new Error("no frame arrived"));
      }, WAIT_MS);
      const deliver = (frame: unknown) => {
        clearTimeout(timer);
        resolve(frame);
      };
      this.waiters.push(deliver);
    });
  }

  /** Sends a frame and returns the reply. */
  async request(frame: unknown): Promise<unknown> {
    this.send(frame);
    return this.next();
  }

  /** Frames already received and not yet read. */
  unread(): unknown[] {
    return [...this.frames];
  }

  close(): void {
    this.ws.close(1000, "done");
  }
}

export function upgrade(path: string, headers: Record<string, string> = {}): Promise<Response> {
  return SELF.fetch(`${ORIGIN}${path}`, { headers: { Upgrade: "websocket", ...headers } });
}
