import { describe, expect, it } from "vitest";
import { call, json } from "../helpers/http";

describe("GET /api/version", () => {
  it("answers the version without credentials", async () => {
    const res = await call("GET", "/api/version");
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual({ version: "2.0.0" });
    expect(res.headers.get("X-Request-Id")).toBeTruthy();
    expect(res.headers.get("Content-Security-Policy")).toContain("default-src 'none'");
  });
});
