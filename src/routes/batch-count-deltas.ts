import { Hono } from "hono";
import { actorOf } from "../auth/middleware";
import { CountDeltaView } from "../contracts/batch-views";
import { BatchParams, CountDeltaBody } from "../contracts/batches";
import { applyCountDelta } from "../data/batch-count-deltas";
import type { AppEnv } from "../env";
import { answerResponse, readIdempotencyClaim, replayIfTaken } from "../http/idempotency";
import { defineRoute } from "../http/registry";
import { BATCH_NOT_FOUND, stampBatchWrite, TAG } from "./batches-shared";

/** Count buttons and the offline outbox: relative changes, exactly once with an Idempotency-Key. */
export const batchCountDeltas = new Hono<AppEnv>();

defineRoute(
  batchCountDeltas,
  {
    method: "post",
    path: "/api/batch/:batch_id/count-deltas",
    ability: "write:counts",
    auth: "key-or-session",
    tag: TAG,
    summary: "Add to (or take from) one size's count; send an Idempotency-Key to make retries safe",
    response: { 200: CountDeltaView },
    params: BatchParams,
    body: CountDeltaBody,
    idempotent: true,
    responses: {
      404: BATCH_NOT_FOUND,
      409: "The count would go below 0 (nothing saved), or a request with this key is still being processed",
      422: "The Idempotency-Key was used for a different request",
    },
  },
  async (c, { params, body }) => {
    const claim = await readIdempotencyClaim(c);
    return replayIfTaken(c, claim, async () => {
      const delta = { batchId: params.batch_id, size: body.size, delta: body.delta, now: new Date(), actor: actorOf(c) };
      const answer = await applyCountDelta(c.var.db, delta, claim);
      // Every applied delta moves a count and its papers.
      if (answer.status === 200) await stampBatchWrite(c, true);
      return answerResponse(answer.status, answer.body);
    });
  },
);
