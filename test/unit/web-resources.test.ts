import { describe, expect, it } from "vitest";
import { rerunning } from "../../web/src/data/rerun";

/** A fetch whose answers the test releases one at a time. */
function gatedFetch() {
  const open: Array<() => void> = [];
  let started = 0;
  const task = () =>
    new Promise<void>((resolve) => {
      started++;
      open.push(resolve);
    });
  return { task, started: () => started, answer: () => open.shift()?.() };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

describe("a page's refetch (resources.refresh)", () => {
  it("follows a fetch already on the wire with exactly one more, however many changes ask meanwhile", async () => {
    const f = gatedFetch();
    const refresh = rerunning(f.task);
    const first = refresh();
    const second = refresh();
    const third = refresh();
    expect(f.started()).toBe(1);
    expect(second).toBe(third);
    f.answer();
    await first;
    await settle();
    expect(f.started()).toBe(2);
    f.answer();
    await second;
    expect(f.started()).toBe(2);
  });

  it("runs once when nothing else is on the wire, and again on the next ask", async () => {
    const f = gatedFetch();
    const refresh = rerunning(f.task);
    const one = refresh();
    f.answer();
    await one;
    const two = refresh();
    expect(f.started()).toBe(2);
    f.answer();
    await two;
  });

  it("still follows up when the running fetch fails", async () => {
    let calls = 0;
    const refresh = rerunning(async () => {
      calls++;
      if (calls === 1) throw new Error("offline");
    });
    const first = refresh();
    const again = refresh();
    await expect(first).rejects.toThrow("offline");
    await again;
    expect(calls).toBe(2);
  });
});
