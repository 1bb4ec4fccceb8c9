import { describe, expect, it } from "vitest";
import { actorLabel } from "../../web/src/format";

describe("actorLabel: who made a change, as people read it", () => {
  it("names a person, a named key, the original key and the shared admin password", () => {
    expect(actorLabel("user:Opal Reyes")).toBe("Opal Reyes");
    expect(actorLabel("key:Label printer")).toBe("key “Label printer”");
    expect(actorLabel("api_key")).toBe("API key");
    expect(actorLabel("session")).toBe("Admin");
  });
  it("a run nobody started by hand is the schedule's", () => {
    expect(actorLabel(null)).toBe("schedule");
    expect(actorLabel(undefined)).toBe("schedule");
    expect(actorLabel("system")).toBe("schedule");
  });
  it("anything else is shown as recorded", () => {
    expect(actorLabel("restore")).toBe("restore");
  });
});
