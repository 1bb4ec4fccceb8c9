import { useState } from "preact/hooks";
import type { UserView } from "../../../src/contracts/people";
import { resources, saveNow } from "../app-state";
import { Page } from "../components/page";
import "../styles/people.css";
import { ApiKeysPanel, DevicesPanel } from "./people/access";

const ROLES = ["admin", "lead", "floor", "viewer"] as const;
const USERS = "/api/users";

/** People: users and their roles, approved floor devices and named API keys. Admins only. */
export default function People() {
  return (
    <Page title="People">
      <div class="people-grid">
        <UsersPanel />
        <AddUserPanel />
        <DevicesPanel />
        <ApiKeysPanel />
      </div>
    </Page>
  );
}

function UsersPanel() {
  const state = resources.use<{ users: UserView[] }>(USERS, []);
  const [pinFor, setPinFor] = useState<UserView | null>(null);

  async function setActive(user: UserView, active: boolean) {
    const body = { name: user.name, initials: user.initials, role: user.role, active };
    if (
      await saveNow("PUT", `/api/users/${user.id}`, body, {
        success: active ? `${user.name} is active again` : `${user.name} is deactivated`,
      })
    ) {
      await resources.refresh(USERS);
    }
  }

  return (
    <section class="panel" aria-labelledby="users-title">
      <h2 id="users-title">Users</h2>
      {state.error && <p class="note note-bad">{state.error}</p>}
      <div class="table-wrap">
        <table class="data-table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Initials</th>
              <th scope="col">Role</th>
              <th scope="col">Sign-in</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {(state.data?.users ?? []).map((user) => (
              <tr key={user.id} class={user.active ? "" : "people-inactive"}>
                <td>
                  {user.name}
                  {!user.active && " (inactive)"}
                </td>
                <td>{user.initials}</td>
                <td>{user.role}</td>
                <td>{[user.has_password ? "password" : "", user.has_pin ? "PIN" : ""].filter(Boolean).join(", ") || "none"}</td>
                <td>
                  {!user.original && user.role !== "admin" && (
                    <button type="button" class="btn btn-small" onClick={() => setPinFor(user)} aria-label={`Set PIN for ${user.name}`}>
                      Set PIN
                    </button>
                  )}
                  {!user.original && (
                    <button
                      type="button"
                      class={user.active ? "btn btn-small btn-danger" : "btn btn-small"}
                      onClick={() => setActive(user, !user.active)}
                      aria-label={`${user.active ? "Deactivate" : "Activate"} ${user.name}`}
                    >
                      {user.active ? "Deactivate" : "Activate"}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {pinFor && <SetPinForm user={pinFor} onDone={() => setPinFor(null)} />}
    </section>
  );
}

function SetPinForm(props: { user: UserView; onDone: () => void }) {
  const [pin, setPin] = useState("");
  async function submit(e: Event) {
    e.preventDefault();
    const { user } = props;
    const body = { name: user.name, initials: user.initials, role: user.role, pin };
    if (await saveNow("PUT", `/api/users/${user.id}`, body, { success: `PIN set for ${user.name}` })) {
      await resources.refresh(USERS);
      props.onDone();
    }
  }
  return (
    <form class="form" onSubmit={submit} aria-label={`PIN for ${props.user.name}`}>
      <label class="field">
        <span>New PIN for {props.user.name}</span>
        <input
          type="password"
          inputMode="numeric"
          pattern="[0-9]{4,6}"
          required
          value={pin}
          onInput={(e) => setPin(e.currentTarget.value)}
        />
      </label>
      <div class="form-actions">
        <button type="button" class="btn" onClick={props.onDone}>
          Cancel
        </button>
        <button type="submit" class="btn btn-primary">
          Save PIN
        </button>
      </div>
    </form>
  );
}

function AddUserPanel() {
  const [name, setName] = useState("");
  const [initials, setInitials] = useState("");
  const [role, setRole] = useState<(typeof ROLES)[number]>("floor");
  const [secret, setSecret] = useState("");
  const usesPassword = role === "admin" || role === "lead";

  async function submit(e: Event) {
    e.preventDefault();
    const body = { name, initials, role, ...(secret ? (usesPassword ? { password: secret } : { pin: secret }) : {}) };
    if (await saveNow("POST", USERS, body, { success: `${name} added` })) {
      setName("");
      setInitials("");
      setSecret("");
      await resources.refresh(USERS);
    }
  }

  return (
    <form class="panel form" onSubmit={submit} aria-labelledby="add-user-title">
      <h2 id="add-user-title">Add User</h2>
      <label class="field">
        <span>Name</span>
        <input required maxLength={60} value={name} onInput={(e) => setName(e.currentTarget.value)} />
      </label>
      <label class="field">
        <span>Initials</span>
        <input required maxLength={4} value={initials} onInput={(e) => setInitials(e.currentTarget.value)} />
      </label>
      <label class="field">
        <span>Role</span>
        <select value={role} onChange={(e) => setRole(e.currentTarget.value as (typeof ROLES)[number])}>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
      </label>
      <label class="field">
        <span>{usesPassword ? "Password (optional)" : "PIN (4–6 digits, optional)"}</span>
        <input
          type="password"
          autocomplete={usesPassword ? "new-password" : "off"}
          inputMode={usesPassword ? "text" : "numeric"}
          pattern={usesPassword ? ".{6,}" : "[0-9]{4,6}"}
          value={secret}
          onInput={(e) => setSecret(e.currentTarget.value)}
        />
      </label>
      <div class="form-actions">
        <button type="submit" class="btn btn-primary">
          Add User
        </button>
      </div>
    </form>
  );
}
