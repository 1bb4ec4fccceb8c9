import { type Context, Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import {
  BatchComparisonBody,
  CalculateBody,
  CompareBody,
  CurveQuery,
  ImpulseBody,
  SettingsGuideQuery,
  StrainNameParam,
  StrainParam,
  TargetMatchBody,
  TrendsQuery,
  UnifiedQuery,
} from "../contracts/centrifuge";
import {
  BatchWeightsView,
  CentrifugeHistoryView,
  CurveView,
  GForceView,
  ImpulseView,
  ImpulseZonesView,
  MachineCompareView,
  SettingsGuideView,
  StrainTrendsView,
  TargetMatchView,
  UnifiedRecommendationsView,
} from "../contracts/centrifuge-views";
import { readCentrifugeHistory, readGConstant, readStrainLearning } from "../data/centrifuge";
import {
  checkRpm,
  curvePoints,
  equivalentRpm,
  gForce,
  MACHINE_KEYS,
  MACHINES,
  MATERIAL_GUIDES,
  type MachineKey,
  SAFETY_ZONES,
  safetyZone,
} from "../domain/centrifuge";
import { unifiedRecommendations } from "../domain/centrifuge-recommendations";
import { strainTrends } from "../domain/centrifuge-trends";
import { calculateImpulse, compareBatchWeights, IMPULSE_ZONES, targetMatch } from "../domain/impulse";
import type { AppEnv } from "../env";
import { defineRoute } from "../http/registry";

/** Centrifuge tools and recommendations (api.md §6–7, rules §10–11). */
export const centrifuge = new Hono<AppEnv>();
const TAG = "Centrifuge";
const auth = "key-or-session" as const;

function requireRpm(rpm: number, machine: MachineKey): void {
  const verdict = checkRpm(rpm, machine);
  if (!verdict.ok) throw new HTTPException(400, { message: verdict.reason });
}

const constantOf = (c: Context<AppEnv>) => readGConstant(c.var.db, Date.now());

/** A run's setting from a request body, its rpm checked against the machine, with the stored g constant. */
async function spinOf(c: Context<AppEnv>, body: { rpm: number; time_seconds: number; centrifuge_type: MachineKey }) {
  requireRpm(body.rpm, body.centrifuge_type);
  return { rpm: body.rpm, timeSeconds: body.time_seconds, machine: body.centrifuge_type, k: await constantOf(c) };
}

defineRoute(
  centrifuge,
  {
    method: "post",
    path: "/api/centrifuge/calculate",
    auth,
    tag: TAG,
    summary: "G-force and safety zone for an rpm",
    response: { 200: GForceView },
    body: CalculateBody,
  },
  async (c, { body }) => {
    requireRpm(body.rpm, body.centrifuge_type);
    const k = await constantOf(c);
    return c.json({
      success: true,
      rpm: body.rpm,
      centrifuge_type: body.centrifuge_type,
      g_force: gForce(body.rpm, body.centrifuge_type, k),
      radius_inches: MACHINES[body.centrifuge_type].radius_inches,
      safety_zone: safetyZone(body.rpm),
    });
  },
);

defineRoute(
  centrifuge,
  {
    method: "post",
    path: "/api/centrifuge/compare",
    auth,
    tag: TAG,
    summary: "Equivalent rpm on the other machines",
    response: { 200: MachineCompareView },
    body: CompareBody,
  },
  async (c, { body }) => {
    const source = body.source_centrifuge;
    requireRpm(body.rpm, source);
    const k = await constantOf(c);
    const equivalent: Partial<Record<MachineKey, { rpm: number; g_force: number }>> = {};
    for (const target of MACHINE_KEYS) if (target !== source) equivalent[target] = equivalentRpm(body.rpm, source, target, k);
    return c.json({ success: true, source: { centrifuge: source, rpm: body.rpm, g_force: gForce(body.rpm, source, k) }, equivalent });
  },
);

defineRoute(
  centrifuge,
  {
    method: "get",
    path: "/api/centrifuge/curve-data",
    auth,
    tag: TAG,
    summary: "G-force curve points",
    response: { 200: CurveView },
    query: CurveQuery,
  },
  async (c, { query }) => {
    const curve = curvePoints(query.rpm_min, query.rpm_max, query.step, query.centrifuge, await constantOf(c));
    if (!curve.ok) throw new HTTPException(400, { message: curve.reason });
    return c.json({ success: true, centrifuge: query.centrifuge, data: curve.points });
  },
);

defineRoute(
  centrifuge,
  {
    method: "get",
    path: "/api/centrifuge/settings-guide",
    auth,
    tag: TAG,
    summary: "Recommended ranges, safety zones, machines",
    response: { 200: SettingsGuideView },
    query: SettingsGuideQuery,
  },
  (c, { query }) =>
    c.json({
      success: true,
      recommendations: { [query.material]: MATERIAL_GUIDES[query.material] },
      safety_zones: SAFETY_ZONES,
      centrifuges: MACHINES,
    }),
);

defineRoute(
  centrifuge,
  {
    method: "post",
    path: "/api/centrifuge/impulse-calculate",
    auth,
    tag: TAG,
    summary: "Impulse (N·s) and its zone",
    response: { 200: ImpulseView },
    body: ImpulseBody,
  },
  async (c, { body }) => {
    const data = calculateImpulse({ ...(await spinOf(c, body)), weightGrams: body.weight_grams });
    return c.json({ success: true, data });
  },
);

defineRoute(
  centrifuge,
  {
    method: "post",
    path: "/api/centrifuge/target-match",
    auth,
    tag: TAG,
    summary: "Rpm or time that reaches a target impulse",
    response: { 200: TargetMatchView },
    body: TargetMatchBody,
  },
  async (c, { body }) => {
    const data = targetMatch({
      ...(await spinOf(c, body)),
      weightGrams: body.weight_grams,
      targetImpulse: body.target_impulse,
      adjustMode: body.adjust_mode,
    });
    return c.json({ success: true, data });
  },
);

defineRoute(
  centrifuge,
  {
    method: "post",
    path: "/api/centrifuge/batch-comparison",
    auth,
    tag: TAG,
    summary: "One setting across pre-roll weights",
    response: { 200: BatchWeightsView },
    body: BatchComparisonBody,
  },
  async (c, { body }) => {
    const result = compareBatchWeights({ ...(await spinOf(c, body)), weights: body.batch_weights });
    return c.json({ success: true, rpm: body.rpm, time_seconds: body.time_seconds, centrifuge_type: body.centrifuge_type, ...result });
  },
);

defineRoute(
  centrifuge,
  {
    method: "get",
    path: "/api/centrifuge/impulse-zones",
    auth,
    tag: TAG,
    summary: "The four impulse zones",
    response: { 200: ImpulseZonesView },
  },
  (c) => c.json({ success: true, data: IMPULSE_ZONES }),
);

async function trends(c: Context<AppEnv>, strain: string, query: typeof TrendsQuery._output) {
  const { outcomes } = await readStrainLearning(c.var.db, strain);
  return c.json(
    strainTrends(strain, outcomes, {
      grindSize: query.grind_size ?? null,
      targetBatch: query.target_batch ?? null,
      daysSinceHarvest: query.days_since_harvest ?? null,
    }),
  );
}

defineRoute(
  centrifuge,
  {
    method: "get",
    path: "/api/centrifuge/trends/:strain",
    auth,
    tag: TAG,
    summary: "Centrifuge trends of a strain",
    response: { 200: StrainTrendsView },
    params: StrainParam,
    query: TrendsQuery,
  },
  (c, { params, query }) => trends(c, params.strain, query),
);

defineRoute(
  centrifuge,
  {
    method: "get",
    path: "/api/centrifuge-trends/:strain_name",
    auth,
    tag: TAG,
    summary: "Centrifuge trends of a strain (alias)",
    response: { 200: StrainTrendsView },
    params: StrainNameParam,
    query: TrendsQuery,
  },
  (c, { params, query }) => trends(c, params.strain_name, query),
);

defineRoute(
  centrifuge,
  {
    method: "get",
    path: "/api/centrifuge-recommendations-unified/:strain_name",
    auth,
    tag: TAG,
    summary: "Recommended centrifuge settings per size",
    response: { 200: UnifiedRecommendationsView },
    params: StrainNameParam,
    query: UnifiedQuery,
  },
  async (c, { params, query }) => {
    const { outcomes, recommendations } = await readStrainLearning(c.var.db, params.strain_name);
    return c.json(
      unifiedRecommendations(params.strain_name, outcomes, recommendations, {
        grindSize: query.grind_size ?? null,
        priorityMode: query.priority_mode,
        temporal: query.temporal === "true",
        targetBatch: query.target_batch ?? null,
        daysSinceHarvest: query.days_since_harvest ?? null,
      }),
    );
  },
);

defineRoute(
  centrifuge,
  {
    method: "get",
    path: "/api/centrifuge-history/:strain_name",
    auth,
    tag: TAG,
    summary: "Centrifuge setting changes of a strain",
    response: { 200: CentrifugeHistoryView },
    params: StrainNameParam,
  },
  async (c, { params }) => {
    const history = await readCentrifugeHistory(c.var.db, params.strain_name);
    return c.json({ strain: params.strain_name, history, total_changes: history.length });
  },
);
