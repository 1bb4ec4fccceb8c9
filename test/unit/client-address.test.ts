import { describe, expect, it } from "vitest";
import { addressBucket, ipv6Hextets } from "../../src/domain/client-address";
import { GLOBAL_FAILED_LOGIN_BUDGET, MAX_PAUSE_MS, pauseAfterFailures } from "../../src/domain/login-backoff";

describe("addressBucket", () => {
  it.each([
    ["203.0.113.9", "203.0.113.9"],
    ["2001:db8:1:2::1", "2001:db8:1:2::/64"],
    ["2001:0DB8:0001:0002:ffff:ffff:ffff:ffff", "2001:db8:1:2::/64"],
    ["[2001:db8::1]", "2001:db8:0:0::/64"],
    ["fe80::1%eth0", "fe80:0:0:0::/64"],
    ["::ffff:198.51.100.7", "198.51.100.7"],
    ["::1", "0:0:0:0::/64"],
    ["", "unknown"],
    ["unknown", "unknown"],
    ["not:an:address", "not:an:address"],
  ])("%j → %j", (address, bucket) => {
    expect(addressBucket(address)).toBe(bucket);
  });

  it("bounds junk", () => {
    expect(addressBucket("x".repeat(500)).length).toBe(64);
  });
});

describe("ipv6Hextets", () => {
  it.each([
    ["::", [0, 0, 0, 0, 0, 0, 0, 0]],
    ["1:2:3:4:5:6:7:8", [1, 2, 3, 4, 5, 6, 7, 8]],
    ["1::8", [1, 0, 0, 0, 0, 0, 0, 8]],
    ["64:ff9b::192.0.2.1", [0x64, 0xff9b, 0, 0, 0, 0, 0xc000, 0x0201]],
  ])("%s", (address, hextets) => {
    expect(ipv6Hextets(address)).toEqual(hextets);
  });

  it.each(["1:2:3:4:5:6:7:8:9", "1::2::3", "12345::", "1:2:3:4:5:6:7", "::256.0.0.1", "g::1"])("refuses %s", (address) => {
    expect(ipv6Hextets(address)).toBeNull();
  });
});

describe("pauseAfterFailures", () => {
  it("costs nothing within the budget, then doubles from 2 s up to the cap", () => {
    expect(pauseAfterFailures(GLOBAL_FAILED_LOGIN_BUDGET)).toBe(0);
    expect(pauseAfterFailures(GLOBAL_FAILED_LOGIN_BUDGET + 1)).toBe(2_000);
    expect(pauseAfterFailures(GLOBAL_FAILED_LOGIN_BUDGET + 2)).toBe(4_000);
    expect(pauseAfterFailures(GLOBAL_FAILED_LOGIN_BUDGET + 5)).toBe(32_000);
    expect(pauseAfterFailures(GLOBAL_FAILED_LOGIN_BUDGET + 1_000_000)).toBe(MAX_PAUSE_MS);
  });
});
