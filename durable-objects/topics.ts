/** The areas whose changes the batch hub clocks and broadcasts. */
export const TOPICS = ["batches", "finished-goods", "wholesale", "inventory", "packing"] as const;
export type Topic = (typeof TOPICS)[number];

export function isTopic(value: unknown): value is Topic {
  return typeof value === "string" && (TOPICS as readonly string[]).includes(value);
}
