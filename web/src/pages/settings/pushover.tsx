import { useEffect, useState } from "preact/hooks";
import { api, saveNow } from "../../app-state";
import { toast } from "../../data/toasts";

type PushoverView = {
  enabled: boolean;
  user_key: string | null;
  has_user_key: boolean;
  has_app_token: boolean;
  warning_grams: number;
  critical_grams: number;
  cooldown_hours: number;
};

/** Low-stock notifications to phones; the app token is write-only (never shown back). */
export function PushoverPanel() {
  const [view, setView] = useState<PushoverView | null>(null);
  const [enabled, setEnabled] = useState(false);
  const [userKey, setUserKey] = useState("");
  const [appToken, setAppToken] = useState("");
  const [warning, setWarning] = useState("");
  const [critical, setCritical] = useState("");
  const [cooldown, setCooldown] = useState("");
  const [error, setError] = useState<string | null>(null);

  function show(v: PushoverView) {
    setView(v);
    setEnabled(v.enabled);
    setWarning(String(v.warning_grams));
    setCritical(String(v.critical_grams));
    setCooldown(String(v.cooldown_hours));
  }

  const load = () =>
    api
      .get<PushoverView>("/api/pushover/settings")
      .then(show)
      .catch((e: Error) => setError(e.message));
  useEffect(() => {
    void load();
  }, []);

  async function submit(e: Event) {
    e.preventDefault();
    const body: Record<string, unknown> = {
      enabled,
      warning_grams: Number(warning),
      critical_grams: Number(critical),
      cooldown_hours: Number(cooldown),
    };
    if (Number(critical) > Number(warning)) return setError("Critical grams must not be more than warning grams");
    setError(null);
    // Empty key fields mean "keep the stored one".
    if (userKey.trim()) body.user_key = userKey.trim();
    if (appToken.trim()) body.app_token = appToken.trim();
    const answer = await saveNow("PUT", "/api/pushover/settings", body, { success: "Pushover settings saved" });
    if (answer) {
      setUserKey("");
      setAppToken("");
      await load();
    }
  }

  async function post(path: string, done: (answer: Record<string, unknown>) => string) {
    try {
      toast(done(await api.write<Record<string, unknown>>("POST", path)), "success");
    } catch (e) {
      toast((e as Error).message, "error");
    }
  }

  return (
    <form class="panel form" onSubmit={submit} aria-labelledby="po-title">
      <h2 id="po-title">Pushover Notifications</h2>
      {error && (
        <p class="field-error" role="alert">
          {error}
        </p>
      )}
      {view && (
        <>
          <label class="field-check">
            {/* pages.md §13 names it the Enabled switch: a checkbox announced as a switch (on / off). */}
            <input
              type="checkbox"
              role="switch"
              aria-checked={enabled}
              checked={enabled}
              onChange={(e) => setEnabled(e.currentTarget.checked)}
            />
            <span>Enabled</span>
          </label>
          <div class="grid-fields">
            <label class="field">
              <span>User Key</span>
              <input
                autocomplete="off"
                placeholder={view.has_user_key ? `Stored: ${view.user_key ?? "set"}` : "Not set"}
                value={userKey}
                onInput={(e) => setUserKey(e.currentTarget.value)}
              />
            </label>
            <label class="field">
              <span>App Token</span>
              <input
                type="password"
                autocomplete="off"
                placeholder={view.has_app_token ? "Stored (hidden)" : "Not set"}
                value={appToken}
                onInput={(e) => setAppToken(e.currentTarget.value)}
              />
            </label>
            <label class="field">
              <span>Warning grams</span>
              <input type="number" min="0" step="any" required value={warning} onInput={(e) => setWarning(e.currentTarget.value)} />
            </label>
            <label class="field">
              <span>Critical grams</span>
              <input type="number" min="0" step="any" required value={critical} onInput={(e) => setCritical(e.currentTarget.value)} />
            </label>
            <label class="field">
              <span>Cooldown hours</span>
              <input
                type="number"
                min="1"
                max="8760"
                step="1"
                required
                value={cooldown}
                onInput={(e) => setCooldown(e.currentTarget.value)}
              />
            </label>
          </div>
          <div class="form-actions settings-buttons">
            <button type="submit" class="btn btn-primary">
              Save Pushover Settings
            </button>
            <button
              type="button"
              class="btn"
              onClick={() => post("/api/pushover/test?level=warning", (a) => String(a.message ?? "Test sent"))}
            >
              Send Test Warning
            </button>
            <button
              type="button"
              class="btn"
              onClick={() => post("/api/pushover/test?level=critical", (a) => String(a.message ?? "Test sent"))}
            >
              Send Test Critical
            </button>
            <button type="button" class="btn" onClick={() => post("/api/pushover/check-alerts", () => "Low-stock check done")}>
              Check Alerts Now
            </button>
          </div>
        </>
      )}
    </form>
  );
}
