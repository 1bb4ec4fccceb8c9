import { useEffect, useState } from "preact/hooks";
import { api, saveNow } from "../../app-state";
import { Confirm } from "../../components/dialog";
import { toast } from "../../data/toasts";

/** A secret shown once: selectable text and a copy button, with the warning that it will not come back. */
export function ShownOnce(props: { label: string; value: string; note: string }) {
  async function copy() {
    try {
      await navigator.clipboard.writeText(props.value);
      toast("Copied", "success");
    } catch {
      toast("Copy did not work here: select the text and copy it by hand.", "error");
    }
  }
  return (
    <div class="shown-once" role="status">
      <p class="strong">{props.note}</p>
      <div class="row">
        <span class="sr-only">{props.label}: </span>
        <code class="secret">{props.value}</code>
        <button type="button" class="btn btn-small" onClick={copy}>
          Copy
        </button>
      </div>
    </div>
  );
}

export function PasswordPanel() {
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [confirm, setConfirm] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: Event) {
    e.preventDefault();
    if (next.length < 6) return setError("Password must be at least 6 characters");
    if (next !== confirm) return setError("Passwords do not match");
    setError(null);
    setBusy(true);
    const answer = await saveNow(
      "POST",
      "/api/password",
      { current_password: current, new_password: next, confirm_password: confirm },
      { success: "Password changed. Other sessions have been signed out." },
    );
    setBusy(false);
    if (answer) {
      setCurrent("");
      setNext("");
      setConfirm("");
    }
  }

  return (
    <form class="panel form" onSubmit={submit} aria-labelledby="pw-title">
      <h2 id="pw-title">Change Password</h2>
      <label class="field">
        <span>Current password</span>
        <input
          type="password"
          autocomplete="current-password"
          required
          value={current}
          onInput={(e) => setCurrent(e.currentTarget.value)}
        />
      </label>
      <label class="field">
        <span>New password</span>
        <input
          type="password"
          autocomplete="new-password"
          minLength={6}
          required
          value={next}
          onInput={(e) => setNext(e.currentTarget.value)}
        />
      </label>
      <label class="field">
        <span>Confirm Password</span>
        <input type="password" autocomplete="new-password" required value={confirm} onInput={(e) => setConfirm(e.currentTarget.value)} />
      </label>
      {error && (
        <p class="field-error" role="alert">
          {error}
        </p>
      )}
      <div class="form-actions">
        <button type="submit" class="btn btn-primary" disabled={busy}>
          Change Password
        </button>
      </div>
    </form>
  );
}

type ApiKeyAnswer = { api_key: string; masked?: boolean; created_at?: string; usage?: { header: string; example: string } };

export function ApiKeyPanel() {
  const [key, setKey] = useState<ApiKeyAnswer | null>(null);
  const [fresh, setFresh] = useState<string | null>(null);
  const [asking, setAsking] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    api
      .get<ApiKeyAnswer>("/api/api-key")
      .then((answer) => {
        // The first call creates the key and is the only time it comes in clear.
        if (answer.masked === false) setFresh(answer.api_key);
        setKey(answer);
      })
      .catch((e: Error) => setError(e.message));
  }, []);

  async function regenerate() {
    setAsking(false);
    const answer = await saveNow<{ api_key: string; message: string }>("POST", "/api/api-key/regenerate", undefined, {
      success: "API key regenerated. Old key is now invalid.",
    });
    if (!answer) return;
    setFresh(answer.api_key);
    // The stored key now shows masked, as every later visit will show it.
    api.get<ApiKeyAnswer>("/api/api-key").then(setKey, () => undefined);
  }

  return (
    <section class="panel" aria-labelledby="api-title">
      <h2 id="api-title">API Configuration</h2>
      {error && <p class="note note-bad">{error}</p>}
      {key && (
        <p>
          API key: <code class="secret">{fresh ? "(shown below)" : key.api_key}</code>
        </p>
      )}
      {key?.usage && (
        <p class="muted">
          Send it in the <code>{key.usage.header}</code> header, e.g. <code>{key.usage.example}</code>
        </p>
      )}
      {fresh && <ShownOnce label="New API key" value={fresh} note="Copy this API key now: it will not be shown again." />}
      <p class="note note-warn">Regenerating the key breaks every integration (ApexAPI, scripts) until it is updated with the new key.</p>
      <button type="button" class="btn btn-danger" onClick={() => setAsking(true)}>
        Regenerate API Key
      </button>
      {asking && (
        <Confirm
          title="Regenerate API Key?"
          message="The old key stops working at once. Integrations using it will fail until they are updated with the new key."
          confirmLabel="Regenerate"
          onConfirm={regenerate}
          onCancel={() => setAsking(false)}
        />
      )}
    </section>
  );
}

export function RecoveryPanel() {
  const [key, setKey] = useState<string | null>(null);
  const [asking, setAsking] = useState(false);

  async function generate() {
    setAsking(false);
    const answer = await saveNow<{ recovery_key: string }>("POST", "/api/recovery-key");
    if (answer) setKey(answer.recovery_key);
  }

  return (
    <section class="panel" aria-labelledby="rec-title">
      <h2 id="rec-title">Recovery Key</h2>
      <p class="muted">The recovery key resets the password from the sign-in page. Generating a new one replaces the old one.</p>
      {key && <ShownOnce label="Recovery key" value={key} note="Store this recovery key somewhere safe. It will not be shown again." />}
      <button type="button" class="btn" onClick={() => setAsking(true)}>
        Generate Recovery Key
      </button>
      {asking && (
        <Confirm
          title="Generate Recovery Key?"
          message="The current recovery key stops working. The new one is shown only once."
          confirmLabel="Generate"
          onConfirm={generate}
          onCancel={() => setAsking(false)}
        />
      )}
    </section>
  );
}
