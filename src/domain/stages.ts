/** Production stages (spec README) and the side effects of moving between them (rules §2.4). */
export const STAGE_NAMES = [
  "Not ground",
  "Ground",
  "In progress",
  "Finished",
  "Waiting on testing",
  "Test passed",
  "Bagging",
  "Done",
] as const;

const STAGE_NOT_GROUND = 0;
export const STAGE_GROUND = 1;
export const STAGE_IN_PROGRESS = 2;
export const STAGE_FINISHED = 3;
export const STAGE_WAITING_ON_TESTING = 4;
export const STAGE_DONE = 7;

const HOUR_MS = 3_600_000;

export type WorkSession = { start: string; end: string | null };

/** The batch columns a stage change reads and writes. */
export type StageTiming = {
  stage: number;
  stage_entered_at: string | null;
  production_start_time: string | null;
  production_end_time: string | null;
  production_duration_hours: number | null;
  production_sessions: WorkSession[];
  current_session_start: string | null;
  total_work_hours: number;
};

export function stageName(stage: number): string {
  return STAGE_NAMES[stage] ?? "Unknown";
}

/** Hours kept to 4 decimals so repeated additions do not drift into float noise. */
function roundHours(hours: number): number {
  return Math.round(hours * 10_000) / 10_000;
}

export function hoursBetween(fromIso: string, to: Date): number {
  const from = Date.parse(fromIso);
  return Number.isFinite(from) ? Math.max(0, (to.getTime() - from) / HOUR_MS) : 0;
}

/**
 * Moves a batch to `next` at `now`. Entering 2 opens a work session (and sets the production start
 * the first time); leaving 2 for any stage closes it and adds its length to the worked hours (a
 * pause is 2 → 1); entering 3 records the end of production. Any stage may be chosen by hand.
 */
export function applyStageChange(state: StageTiming, next: number, now: Date): StageTiming {
  if (next === state.stage) return state;
  const at = now.toISOString();
  const out: StageTiming = { ...state, stage: next, stage_entered_at: at, production_sessions: [...state.production_sessions] };
  if (state.stage === STAGE_IN_PROGRESS && state.current_session_start) {
    out.production_sessions.push({ start: state.current_session_start, end: at });
    out.total_work_hours = roundHours(state.total_work_hours + hoursBetween(state.current_session_start, now));
    out.current_session_start = null;
  }
  if (next === STAGE_IN_PROGRESS) {
    out.current_session_start = state.current_session_start ?? at;
    out.production_start_time = state.production_start_time ?? at;
  }
  if (next === STAGE_FINISHED) {
    out.production_end_time = at;
    out.production_duration_hours = out.total_work_hours;
  }
  return out;
}

/** 0 → 1 happens by itself once the ground grams reach the input grams (rules §2.4). */
export function shouldAutoAdvance(stage: number, gramsGround: number, inputGrams: number): boolean {
  return stage === STAGE_NOT_GROUND && gramsGround > 0 && gramsGround >= inputGrams;
}

/** Hours the batch has been in its current stage, or null when the entry time is unknown. */
export function hoursInStage(stageEnteredAt: string | null, now: Date): number | null {
  return stageEnteredAt ? hoursBetween(stageEnteredAt, now) : null;
}
