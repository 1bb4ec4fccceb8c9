import { afterEach, describe, expect, it, vi } from "vitest";
import type { MeResponse } from "../../src/contracts/people";
import { me, signedOutTarget, signOutToPin } from "../../web/src/session";

const pinSession: MeResponse = {
  kind: "session",
  user: { id: "u-1", name: "Opal", initials: "OP", role: "floor" },
  key: null,
  device: { id: "d-1", name: "Line 2 tablet" },
  abilities: ["read", "write:counts"],
  idle_seconds: 120,
};

describe("where a 401 sends the browser", () => {
  afterEach(() => {
    me.value = null;
    vi.unstubAllGlobals();
  });

  it("a password session or none goes to the login page", () => {
    expect(signedOutTarget()).toBe("login");
    me.value = { ...pinSession, device: null, idle_seconds: null };
    expect(signedOutTarget()).toBe("login");
  });

  it("a PIN session on an approved tablet goes back to the PIN pad", () => {
    me.value = pinSession;
    expect(signedOutTarget()).toBe("pin");
  });

  it("once the tablet is on its way to the PIN pad, a late 401 goes nowhere", () => {
    const assign = vi.fn();
    vi.stubGlobal("location", { assign });
    vi.stubGlobal("localStorage", { removeItem: () => {} });
    signOutToPin();
    expect(assign).toHaveBeenCalledWith("/logout?to=pin");
    expect(signedOutTarget()).toBe("none");
  });
});
