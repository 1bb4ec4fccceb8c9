import { describe, expect, it } from "vitest";
import {
  ABILITIES,
  defaultAbility,
  isAbility,
  missingAbility,
  ROLE_ABILITIES,
  ROLES,
  roleHas,
  TAG_ABILITIES,
} from "../../src/domain/abilities";

describe("route abilities by tag and method", () => {
  it("reads need read, writes need the area's write ability", () => {
    expect(defaultAbility("Batches", "get")).toBe("read");
    expect(defaultAbility("Batches", "post")).toBe("write:production");
    expect(defaultAbility("Finished goods", "put")).toBe("write:finished-goods");
    expect(defaultAbility("Wholesale", "delete")).toBe("write:finished-goods");
    expect(defaultAbility("Packing", "patch")).toBe("write:packing");
    expect(defaultAbility("Paper inventory", "post")).toBe("write:inventory");
    expect(defaultAbility("Weight checks", "post")).toBe("write:counts");
  });

  it("admin areas need admin even to read where they show secrets", () => {
    expect(defaultAbility("Settings and access", "put")).toBe("admin");
    expect(defaultAbility("Settings and access", "get")).toBe("read");
    expect(defaultAbility("Backups", "get")).toBe("admin");
    expect(defaultAbility("People", "get")).toBe("admin");
  });

  it("calculators that only answer stay readable", () => {
    expect(defaultAbility("Centrifuge", "post")).toBe("read");
    expect(defaultAbility("Live dashboards", "post")).toBe("read");
  });

  it("an unknown tag is closed to writes and open to reads", () => {
    expect(defaultAbility("Something new", "post")).toBe("admin");
    expect(defaultAbility("Something new", "GET")).toBe("read");
  });

  it("every tag's abilities are known abilities", () => {
    for (const pair of Object.values(TAG_ABILITIES)) for (const a of pair) expect(isAbility(a)).toBe(true);
    expect(isAbility("write:everything")).toBe(false);
    expect(isAbility(3)).toBe(false);
  });
});

describe("roles", () => {
  it("admin has everything; viewer only reads", () => {
    expect([...ROLE_ABILITIES.admin]).toEqual([...ABILITIES]);
    expect([...ROLE_ABILITIES.viewer]).toEqual(["read"]);
  });

  it("a lead runs production but not admin", () => {
    expect(roleHas("lead", "write:production")).toBe(true);
    expect(roleHas("lead", "write:finished-goods")).toBe(true);
    expect(roleHas("lead", "admin")).toBe(false);
  });

  it("floor counts and packs but does not deduct or change settings", () => {
    expect(roleHas("floor", "write:counts")).toBe(true);
    expect(roleHas("floor", "write:packing")).toBe(true);
    expect(roleHas("floor", "write:finished-goods")).toBe(false);
    expect(roleHas("floor", "admin")).toBe(false);
  });

  it("every role reads, and roles nest: viewer ⊂ floor ⊂ lead ⊂ admin", () => {
    for (const role of ROLES) expect(roleHas(role, "read")).toBe(true);
    const chain = ["viewer", "floor", "lead", "admin"] as const;
    for (let i = 1; i < chain.length; i++) {
      for (const a of ROLE_ABILITIES[chain[i - 1] as (typeof chain)[number]])
        expect(roleHas(chain[i] as (typeof chain)[number], a)).toBe(true);
    }
  });

  it("the refusal names the missing ability", () => {
    expect(missingAbility("write:counts")).toContain('"write:counts"');
  });
});
