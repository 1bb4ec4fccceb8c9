import { applyOutcomeDiff, loadOutcomeSources, loadOutcomes, loadRecommendationKeys, storeLearning } from "../data/centrifuge";
import { createDb } from "../db/client";
import { diffOutcomes, outcomeKey, outcomesOfBatch } from "../domain/centrifuge-outcomes";
import { groupKey, learn } from "../domain/learning";
import type { Job, JobSummary } from "./run-job";

/**
 * Learning pass, every 5 minutes (rules §11): brings `centrifuge_outcomes` in line with the
 * batches, then relearns the recommendations of every (strain, size) that gained, changed or lost
 * an outcome. Nothing new → nothing written, so a second run changes nothing.
 */
async function runLearningPass(env: Env, now: Date): Promise<JobSummary> {
  const db = createDb(env.DB);
  const [sources, stored] = await Promise.all([loadOutcomeSources(db), loadOutcomes(db)]);
  const derived = sources.flatMap(outcomesOfBatch);
  const diff = diffOutcomes(derived, stored);
  await applyOutcomeDiff(db, diff);

  const storedByKey = new Map(stored.map((o) => [outcomeKey(o), o]));
  const derivedKeys = new Set(derived.map(outcomeKey));
  const affected = new Set<string>();
  const toProcess = new Map<string, { batch_id: string; size: string }>();
  for (const o of diff.upserts) {
    affected.add(groupKey(o.strain, o.size));
    const old = storedByKey.get(outcomeKey(o));
    if (old) affected.add(groupKey(old.strain, old.size));
    toProcess.set(outcomeKey(o), { batch_id: o.batch_id, size: o.size });
  }
  // Left unprocessed by an earlier run that stopped half-way.
  for (const o of stored) {
    if (o.processed_at !== null || !derivedKeys.has(outcomeKey(o))) continue;
    affected.add(groupKey(o.strain, o.size));
    toProcess.set(outcomeKey(o), { batch_id: o.batch_id, size: o.size });
  }
  for (const d of diff.deletions) affected.add(groupKey(d.strain, d.size));
  if (affected.size === 0) return { rowsProcessed: 0, detail: "no new outcomes" };

  const recommendations = learn(
    derived.filter((o) => affected.has(groupKey(o.strain, o.size))),
    now,
  );
  const existing = await loadRecommendationKeys(db);
  const replace = existing.filter((k) => affected.has(groupKey(k.strain, k.size)));
  await storeLearning(db, replace, recommendations, [...toProcess.values()], now);
  return {
    rowsProcessed: toProcess.size + diff.deletions.length,
    detail: `${toProcess.size} outcomes learned, ${diff.deletions.length} removed, ${recommendations.length} recommendations for ${affected.size} strain sizes`,
  };
}

export const learningPass: Job = { name: "learning-pass", run: runLearningPass };
