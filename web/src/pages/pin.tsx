import { useEffect, useState } from "preact/hooks";
import type { PinOperator } from "../../../src/contracts/people";
import { Page } from "../components/page";
import "../styles/people.css";

type Operators = { device: { id: string; name: string } | null; operators: PinOperator[] };
type Answer<T> = { ok: true; data: T } | { ok: false; status: number; error: string };

/**
 * Its own small fetch, not the app's client: a wrong PIN answers 401, which the app's client
 * treats as "signed out" and sends the browser to /login. Here a 401 is just a wrong PIN.
 */
async function exchange<T>(method: "GET" | "POST", path: string, body?: unknown): Promise<Answer<T>> {
  try {
    const res = await fetch(path, {
      method,
      credentials: "same-origin",
      headers: body === undefined ? { Accept: "application/json" } : { Accept: "application/json", "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await res.json().catch(() => ({}))) as T & { error?: string };
    if (res.ok) return { ok: true, data: json };
    return { ok: false, status: res.status, error: json.error ?? `The server answered ${res.status}` };
  } catch {
    return { ok: false, status: 0, error: "No connection to the server" };
  }
}

const NOT_APPROVED = "This device is not approved for PIN sign-in: an admin approves it in People";
const KEYS = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "Clear", "0", "Back"] as const;

/** The PIN pad of an approved floor tablet: pick your name, type your PIN. */
export default function PinPad() {
  const [list, setList] = useState<Answer<Operators> | null>(null);
  const [who, setWho] = useState<PinOperator | null>(null);
  const [pin, setPin] = useState("");
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    void exchange<Operators>("GET", "/api/pin/operators").then(setList);
  }, []);

  function press(key: (typeof KEYS)[number]) {
    setMessage(null);
    if (key === "Clear") setPin("");
    else if (key === "Back") setPin((p) => p.slice(0, -1));
    else setPin((p) => (p.length < 6 ? p + key : p));
  }

  function notMe() {
    setWho(null);
    setPin("");
    setMessage(null);
  }

  async function signIn(e: Event) {
    e.preventDefault();
    if (!who || pin.length < 4) return setMessage("Type your 4 to 6 digit PIN");
    setBusy(true);
    const answer = await exchange<{ user: { name: string } }>("POST", "/api/pin/sign-in", { user_id: who.id, pin });
    setBusy(false);
    setPin("");
    if (!answer.ok) return setMessage(answer.error);
    // A full load starts the app's services (outbox, live) with the operator's session.
    location.assign("/admin");
  }

  if (!list)
    return (
      <Page title="Sign in with PIN">
        <p class="note">Loading…</p>
      </Page>
    );
  if (!list.ok || !list.data.device) {
    return (
      <Page title="Sign in with PIN">
        <p class="note note-bad">{list.ok ? NOT_APPROVED : list.error}</p>
      </Page>
    );
  }
  const device = list.data.device;

  return (
    <Page title="Sign in with PIN">
      <p class="muted">Device: {device.name}</p>
      {!who ? (
        <section aria-labelledby="who-title">
          <h2 id="who-title">Who are you?</h2>
          {list.data.operators.length === 0 && <p class="note">No operators have a PIN yet: an admin sets them in People.</p>}
          <ul class="pin-operators">
            {list.data.operators.map((op) => (
              <li key={op.id}>
                <button type="button" class="btn btn-large pin-operator" onClick={() => setWho(op)}>
                  <span class="pin-initials" aria-hidden="true">
                    {op.initials}
                  </span>
                  {op.name}
                </button>
              </li>
            ))}
          </ul>
        </section>
      ) : (
        <form class="panel pin-form" onSubmit={signIn} aria-labelledby="pin-title">
          <h2 id="pin-title">PIN for {who.name}</h2>
          <label class="field">
            <span>PIN</span>
            <input
              type="password"
              inputMode="numeric"
              autocomplete="off"
              pattern="[0-9]*"
              maxLength={6}
              value={pin}
              onInput={(e) => setPin(e.currentTarget.value.replace(/\D/g, "").slice(0, 6))}
            />
          </label>
          <div class="pin-keys">
            {KEYS.map((key) => (
              <button key={key} type="button" class="btn pin-key" onClick={() => press(key)}>
                {key}
              </button>
            ))}
          </div>
          {message && (
            <p class="note note-bad" role="alert">
              {message}
            </p>
          )}
          <div class="form-actions">
            <button type="button" class="btn" onClick={notMe}>
              Not me
            </button>
            <button type="submit" class="btn btn-primary btn-large" disabled={busy}>
              Sign in
            </button>
          </div>
        </form>
      )}
    </Page>
  );
}
