import { describe, expect, it } from "vitest";
import { readConfig } from "../../src/config";
import type { OptionalSecrets } from "../../src/env";

const base = { SECRET_KEY: "x".repeat(40) };
const read = (vars: Record<string, string>) => () => readConfig({ ...base, ...vars } as unknown as Env & OptionalSecrets);

describe("outbound base URLs", () => {
  it("accepts https: anywhere and http: to this machine", () => {
    expect(read({ APEX_BASE_URL: "https://app.apextrading.com", ENVIRONMENT: "production" })).not.toThrow();
    for (const host of ["localhost:8788", "127.0.0.1:9", "[::1]:9"]) {
      expect(read({ PUSHOVER_API_URL: `http://${host}`, ENVIRONMENT: "production" })).not.toThrow();
    }
  });

  it("accepts http: to any host only in development and tests (the fakes' .test hosts)", () => {
    expect(read({ APEX_BASE_URL: "http://apex.fake.test", ENVIRONMENT: "test" })).not.toThrow();
    expect(read({ APEX_BASE_URL: "http://apex.fake.test", ENVIRONMENT: "development" })).not.toThrow();
  });

  it.each([
    ["APEX_BASE_URL", "http://app.apextrading.com"],
    ["PUSHOVER_API_URL", "http://api.pushover.net"],
    ["APEX_BASE_URL", "ftp://app.apextrading.com"],
  ])("refuses %s=%s in production", (name, url) => {
    expect(read({ [name]: url, ENVIRONMENT: "production" })).toThrow(`${name} must be an https: URL`);
  });
});
