import type { UseStore } from "idb-keyval";
import { describe, expect, it } from "vitest";
import { type ApiClient, NetworkError } from "../../web/src/data/api";
import { rerunning } from "../../web/src/data/rerun";
import { createResources } from "../../web/src/data/resources";

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

/** An API whose GETs the test answers one at a time: with data or with a dropped network. */
function gatedApi() {
  const waiting: Array<{ ok: (data: unknown) => void; fail: () => void }> = [];
  const api = {
    getFresh: () =>
      new Promise((resolve, reject) => {
        waiting.push({
          ok: (data) => resolve({ status: 200, data, etag: null }),
          fail: () => reject(new NetworkError()),
        });
      }),
  } as unknown as ApiClient;
  return { api, calls: () => waiting.length, next: () => waiting.shift() };
}

/** IndexedDB is not here: the device's store holds nothing and keeps nothing. */
const emptyStore = (() => Promise.resolve(undefined)) as unknown as UseStore;

describe("back online (resources.retryFailed)", () => {
  it("fetches again a page whose fetch failed", async () => {
    const gate = gatedApi();
    const resources = createResources(gate.api, emptyStore);
    resources.show("/api/data", ["batches"]);
    const first = gate.next();
    first?.fail();
    await settle();
    resources.retryFailed();
    await settle();
    expect(gate.calls()).toBe(1);
  });

  it("fetches again when the fetch that was on the wire as the network came back fails after", async () => {
    const gate = gatedApi();
    const resources = createResources(gate.api, emptyStore);
    resources.show("/api/data", ["batches"]);
    const inFlight = gate.next();
    resources.retryFailed();
    inFlight?.fail();
    await settle();
    await settle();
    expect(gate.calls()).toBe(1);
    gate.next()?.ok({ batches: [] });
  });

  it("leaves alone a page whose last fetch succeeded", async () => {
    const gate = gatedApi();
    const resources = createResources(gate.api, emptyStore);
    resources.show("/api/data", ["batches"]);
    gate.next()?.ok({ batches: [] });
    await settle();
    resources.retryFailed();
    await settle();
    expect(gate.calls()).toBe(0);
  });
});
