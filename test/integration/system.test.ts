import { describe, expect, it } from "vitest";
import { call, json } from "../helpers/http";

describe("GET /api/version", () => {
  it("answers the version without credentials", async () => {
    const res = await call("GET", "/api/version");
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual({ version: "2.0.0" });
    expect(res.headers.get("Content-Security-Policy")).toContain("default-src 'none'");
  });

  it("echoes the caller's request id, and sends none when none was asked for", async () => {
    const traced = await call("GET", "/api/version", undefined, { headers: { "X-Request-Id": "trace-123" } });
    expect(traced.headers.get("X-Request-Id")).toBe("trace-123");
    const plain = await call("GET", "/api/version");
    expect(plain.headers.get("X-Request-Id")).toBeNull();
  });
});
