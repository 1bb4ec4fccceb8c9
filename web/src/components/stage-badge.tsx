import { STAGE_NAMES } from "../../../src/domain/stages";

/** Stage colours of pages.md §5, always with the stage's name (never colour alone). */
export function StageBadge(props: { stage: number }) {
  const name = STAGE_NAMES[props.stage] ?? "Unknown";
  return <span class={`stage-badge stage-${props.stage}`}>{name}</span>;
}
