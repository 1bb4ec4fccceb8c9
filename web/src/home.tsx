import { useEffect, useState } from "preact/hooks";
import { ApiError, apiGet } from "./api";

type Settings = { allocation: number[]; test_alert_hours: number };
type State =
  | { status: "loading" }
  | { status: "signed-in"; version: string; settings: Settings }
  | { status: "signed-out" }
  | { status: "error"; message: string };

/** Home: shows whether this browser is signed in and which version of the app it talks to. */
export function Home() {
  const [state, setState] = useState<State>({ status: "loading" });
  useEffect(() => {
    Promise.all([apiGet<{ version: string }>("/api/version"), apiGet<Settings>("/api/settings")])
      .then(([v, settings]) => setState({ status: "signed-in", version: v.version, settings }))
      .catch((err: unknown) => {
        if (err instanceof ApiError && err.status === 401) setState({ status: "signed-out" });
        else setState({ status: "error", message: err instanceof Error ? err.message : String(err) });
      });
  }, []);

  return (
    <main class="shell">
      <header class="bar">
        <h1>PreRollTracker</h1>
        {state.status === "signed-in" && (
          <a class="button" href="/logout">
            Sign out
          </a>
        )}
      </header>
      {state.status === "loading" && <p>Loading…</p>}
      {state.status === "signed-out" && (
        <p>
          You are signed out. <a href="/login">Sign in</a>
        </p>
      )}
      {state.status === "error" && <p role="alert">Could not load: {state.message}</p>}
      {state.status === "signed-in" && (
        <section>
          <p class="status" data-testid="signed-in">
            Signed in · version {state.version}
          </p>
          <p>
            Allocation {state.settings.allocation.join(" / ")} % · testing alert after {state.settings.test_alert_hours} h
          </p>
          <p>
            <a href="/api-docs">API reference</a>
          </p>
        </section>
      )}
    </main>
  );
}
