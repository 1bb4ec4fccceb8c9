import { resources } from "../app-state";
import { DataNote, Page } from "../components/page";
import { fmtCount, fmtDate } from "../format";
import "../styles/achievements.css";

type Achievement = {
  key: string;
  name: string;
  description: string;
  tier: "Apprentice" | "Professional" | "Legend";
  rarity: "Common" | "Rare" | "Epic" | "Legendary";
  target: number;
  progress: number;
  unlocked: boolean;
  unlocked_at: string | null;
};
type Answer = { achievements: Achievement[]; unlocked_count: number; total: number };
const TIERS = ["Apprentice", "Professional", "Legend"] as const;

/** Achievements (pages.md §11): badges by tier, rarity shown, unlocked lit and locked dimmed with progress. */
export default function Screen() {
  const state = resources.use<Answer>("/api/achievements", ["batches"]);
  const data = state.data;
  return (
    <Page title="Achievements">
      <DataNote loading={state.loading} error={state.error} fromCache={state.fromCache} hasData={!!data} />
      {data && (
        <p class="muted">
          {data.unlocked_count} of {data.total} unlocked
        </p>
      )}
      {data &&
        TIERS.map((tier) => {
          const list = data.achievements.filter((a) => a.tier === tier);
          if (list.length === 0) return null;
          return (
            <section key={tier} class="section-gap" aria-labelledby={`tier-${tier}`}>
              <h2 id={`tier-${tier}`} class={`tier-title tier-${tier.toLowerCase()}`}>
                {tier}
              </h2>
              <ul class="badge-grid">
                {list.map((a) => (
                  <li key={a.key} class={`ach-card ${a.unlocked ? "ach-on" : "ach-off"} tier-border-${tier.toLowerCase()}`}>
                    <div class="ach-head">
                      <span class="ach-icon" aria-hidden="true">
                        {a.unlocked ? "🏆" : "🔒"}
                      </span>
                      <h3>{a.name}</h3>
                    </div>
                    <p>{a.description}</p>
                    <p>
                      <span class={`rarity rarity-${a.rarity.toLowerCase()}`}>{a.rarity}</span>{" "}
                      <span class="sr-only">{a.unlocked ? "Unlocked" : "Locked"}</span>
                    </p>
                    {a.unlocked ? (
                      <p class="muted">Unlocked {fmtDate(a.unlocked_at)}</p>
                    ) : (
                      <>
                        <progress max={a.target} value={a.progress} aria-label={`${a.name} progress`} />
                        <p class="muted">
                          {fmtCount(a.progress)} / {fmtCount(a.target)}
                        </p>
                      </>
                    )}
                  </li>
                ))}
              </ul>
            </section>
          );
        })}
    </Page>
  );
}
