import { useState } from "preact/hooks";
import type { ApiKeyView, DeviceView } from "../../../../src/contracts/people";
import { resources, saveNow } from "../../app-state";
import { fmtDate } from "../../format";
import { ShownOnce } from "../settings/account";

const DEVICES = "/api/devices";
const KEYS = "/api/api-keys";
const ABILITIES = [
  "read",
  "write:counts",
  "write:production",
  "write:finished-goods",
  "write:packing",
  "write:inventory",
  "admin",
] as const;

function when(iso: string | null): string {
  return iso ? fmtDate(iso) : "never";
}

/** Approve this browser as a floor tablet (its cookie is set by the answer), list and revoke devices. */
export function DevicesPanel() {
  const state = resources.use<{ devices: DeviceView[] }>(DEVICES, []);
  const [name, setName] = useState("");

  async function approve(e: Event) {
    e.preventDefault();
    if (
      await saveNow(
        "POST",
        "/api/devices/approve",
        { name },
        { success: `${name} approved: operators can sign in here with their PIN at /pin` },
      )
    ) {
      setName("");
      await resources.refresh(DEVICES);
    }
  }

  async function revoke(device: DeviceView) {
    if (await saveNow("DELETE", `/api/devices/${device.id}`, undefined, { success: `${device.name} revoked` }))
      await resources.refresh(DEVICES);
  }

  return (
    <section class="panel" aria-labelledby="devices-title">
      <h2 id="devices-title">Floor Devices</h2>
      <form class="form" onSubmit={approve}>
        <label class="field">
          <span>Device name</span>
          <input required maxLength={60} value={name} onInput={(e) => setName(e.currentTarget.value)} />
        </label>
        <div class="form-actions">
          <button type="submit" class="btn btn-primary">
            Approve This Device
          </button>
        </div>
      </form>
      {state.error && <p class="note note-bad">{state.error}</p>}
      <ul class="outbox-list">
        {(state.data?.devices ?? []).map((d) => (
          <li key={d.id} class={d.revoked_at ? "people-inactive" : ""}>
            <span class="strong">{d.name}</span> · approved {when(d.created_at)} · last used {when(d.last_seen_at)}
            {d.revoked_at ? (
              " · revoked"
            ) : (
              <button type="button" class="btn btn-small btn-danger" onClick={() => revoke(d)} aria-label={`Revoke ${d.name}`}>
                Revoke
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Named keys with abilities: created (shown once), listed with last use, revoked. */
export function ApiKeysPanel() {
  const state = resources.use<{ api_keys: ApiKeyView[] }>(KEYS, []);
  const [name, setName] = useState("");
  const [chosen, setChosen] = useState<string[]>(["read"]);
  const [shown, setShown] = useState<string | null>(null);

  function toggle(ability: string, on: boolean) {
    setChosen((list) => (on ? [...list, ability] : list.filter((a) => a !== ability)));
  }

  async function create(e: Event) {
    e.preventDefault();
    const answer = await saveNow<{ api_key: string }>("POST", KEYS, { name, abilities: chosen }, { success: `Key ${name} created` });
    if (answer) {
      setShown(answer.api_key);
      setName("");
      await resources.refresh(KEYS);
    }
  }

  async function revoke(key: ApiKeyView) {
    if (await saveNow("DELETE", `/api/api-keys/${key.id}`, undefined, { success: `Key ${key.name} revoked` }))
      await resources.refresh(KEYS);
  }

  return (
    <section class="panel" aria-labelledby="keys-title">
      <h2 id="keys-title">API Keys</h2>
      <form class="form" onSubmit={create}>
        <label class="field">
          <span>Key name</span>
          <input required maxLength={60} value={name} onInput={(e) => setName(e.currentTarget.value)} />
        </label>
        <fieldset class="people-abilities">
          <legend>Abilities</legend>
          {ABILITIES.map((a) => (
            <label key={a} class="field-check">
              <input type="checkbox" checked={chosen.includes(a)} onChange={(e) => toggle(a, e.currentTarget.checked)} />
              {a}
            </label>
          ))}
        </fieldset>
        <div class="form-actions">
          <button type="submit" class="btn btn-primary" disabled={chosen.length === 0}>
            Create Key
          </button>
        </div>
      </form>
      {shown && <ShownOnce label="New API key" value={shown} note="Copy this key now: it will not be shown again." />}
      {state.error && <p class="note note-bad">{state.error}</p>}
      <ul class="outbox-list">
        {(state.data?.api_keys ?? []).map((k) => (
          <li key={k.id} class={k.revoked_at ? "people-inactive" : ""}>
            <span class="strong">{k.name}</span> <code>{k.masked}</code> · {k.abilities.join(", ")} · last used {when(k.last_used_at)}
            {k.last_used_ip ? ` from ${k.last_used_ip}` : ""}
            {k.revoked_at ? (
              " · revoked"
            ) : (
              <button type="button" class="btn btn-small btn-danger" onClick={() => revoke(k)} aria-label={`Revoke key ${k.name}`}>
                Revoke
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
