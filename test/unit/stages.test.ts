import { describe, expect, it } from "vitest";
import { applyStageChange, hoursInStage, STAGE_NAMES, type StageTiming, shouldAutoAdvance, stageName } from "../../src/domain/stages";

const T0 = new Date("2026-02-25T08:00:00.000Z");
const at = (hours: number) => new Date(T0.getTime() + hours * 3_600_000);

const fresh = (stage: number): StageTiming => ({
  stage,
  stage_entered_at: T0.toISOString(),
  production_start_time: null,
  production_end_time: null,
  production_duration_hours: null,
  production_sessions: [],
  current_session_start: null,
  total_work_hours: 0,
});

describe("stage names", () => {
  it.each([
    [0, "Not ground"],
    [1, "Ground"],
    [2, "In progress"],
    [3, "Finished"],
    [4, "Waiting on testing"],
    [5, "Test passed"],
    [6, "Bagging"],
    [7, "Done"],
  ])("stage %i is %s", (stage, name) => {
    expect(stageName(stage)).toBe(name);
  });
  it("has eight stages", () => expect(STAGE_NAMES).toHaveLength(8));
});

describe("applyStageChange", () => {
  it("entering 2 opens a session and sets the production start the first time", () => {
    const next = applyStageChange(fresh(1), 2, at(0));
    expect(next).toMatchObject({ stage: 2, current_session_start: T0.toISOString(), production_start_time: T0.toISOString() });
  });

  it("pausing (2 → 1) closes the session and adds its hours; resuming opens a separate one", () => {
    let state = applyStageChange(fresh(1), 2, at(0));
    state = applyStageChange(state, 1, at(2.5));
    expect(state).toMatchObject({ stage: 1, current_session_start: null, total_work_hours: 2.5 });
    expect(state.production_sessions).toEqual([{ start: at(0).toISOString(), end: at(2.5).toISOString() }]);
    state = applyStageChange(state, 2, at(3));
    expect(state.production_start_time).toBe(T0.toISOString());
    expect(state.current_session_start).toBe(at(3).toISOString());
    state = applyStageChange(state, 3, at(4.5));
    expect(state).toMatchObject({
      stage: 3,
      total_work_hours: 4,
      production_end_time: at(4.5).toISOString(),
      production_duration_hours: 4,
      current_session_start: null,
    });
    expect(state.production_sessions).toHaveLength(2);
  });

  it("leaving 2 for any other stage also closes the session", () => {
    const state = applyStageChange(applyStageChange(fresh(1), 2, at(0)), 5, at(1));
    expect(state).toMatchObject({ stage: 5, current_session_start: null, total_work_hours: 1, production_end_time: null });
  });

  it("records when the stage was entered and leaves an unchanged stage alone", () => {
    const state = fresh(4);
    expect(applyStageChange(state, 4, at(9))).toBe(state);
    expect(applyStageChange(state, 6, at(9)).stage_entered_at).toBe(at(9).toISOString());
  });

  it("moves back by hand without touching the timers outside stage 2", () => {
    const done = { ...fresh(7), total_work_hours: 12 };
    expect(applyStageChange(done, 4, at(1))).toMatchObject({ stage: 4, total_work_hours: 12, current_session_start: null });
  });
});

describe("shouldAutoAdvance", () => {
  it.each([
    [0, 1000, 1000, true],
    [0, 1001, 1000, true],
    [0, 999, 1000, false],
    [1, 1000, 1000, false],
    [0, 0, 0, false],
  ])("stage %i with %s of %s g ground → %s", (stage, ground, input, expected) => {
    expect(shouldAutoAdvance(stage, ground, input)).toBe(expected);
  });
});

describe("hoursInStage", () => {
  it("measures from the stage entry time", () => {
    expect(hoursInStage(T0.toISOString(), at(49))).toBeCloseTo(49);
    expect(hoursInStage(null, at(1))).toBeNull();
  });
});
