import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ServerMessage } from "../../durable-objects/protocol";
import { readServerFrame, TOPICS } from "../../src/contracts/live";

/** The browser's zod-free frame reader agrees with the hub's zod schema on every frame the hub can send. */

const topic = fc.constantFrom(...TOPICS);
const timestamp = fc.date({ min: new Date("2020-01-01"), max: new Date("2040-01-01"), noInvalidDate: true }).map((d) => d.toISOString());
const frame = fc.oneof(
  fc.record({ type: fc.constant("changed" as const), topic, timestamp }),
  fc.record({
    type: fc.constant("subscribed" as const),
    topics: fc.uniqueArray(topic),
    clocks: fc.dictionary(topic, fc.option(timestamp, { nil: null })),
  }),
  fc.record({ type: fc.constant("unsubscribed" as const), topics: fc.uniqueArray(topic) }),
  fc.record({ type: fc.constant("error" as const), error: fc.string() }),
  fc.constant({ type: "pong" as const }),
);

describe("live frames", () => {
  it("reads every valid hub frame exactly as the hub's schema does", () => {
    fc.assert(
      fc.property(frame, (message) => {
        const text = JSON.stringify(ServerMessage.parse(message));
        expect(readServerFrame(text)).toEqual(ServerMessage.parse(JSON.parse(text)));
      }),
      { numRuns: 500 },
    );
  });

  it("never throws on arbitrary text, and refuses what the schema refuses for the frame types it acts on", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json()), (text) => {
        const read = readServerFrame(text);
        let parsed: unknown;
        try {
          parsed = JSON.parse(text);
        } catch {
          expect(read).toBeNull();
          return;
        }
        if (read?.type === "changed") expect(ServerMessage.safeParse(parsed).success).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });
});
