import { useEffect } from "preact/hooks";
import type { MeResponse } from "../../../src/contracts/people";
import { api } from "../app-state";
import { watchIdle } from "../idle";
import { loadMe, me, signOutToPin } from "../session";
import "../styles/signed-in.css";

const ROLE_LABEL: Record<string, string> = { admin: "Admin", lead: "Lead", floor: "Floor", viewer: "Viewer" };

/**
 * "Signed in as" in the header (issue 18), with "Switch operator" back to the PIN pad on a shared
 * tablet, which also goes back there by itself after the configured idle time.
 */
export function SignedIn() {
  useEffect(() => {
    void loadMe(() => api.get<MeResponse>("/api/me"));
  }, []);
  const answer = me.value;
  const shared = answer?.device != null && answer.user != null;
  const idleSeconds = shared ? answer.idle_seconds : null;
  useEffect(() => {
    if (!idleSeconds) return;
    return watchIdle({ ms: idleSeconds * 1000, onIdle: signOutToPin, target: window });
  }, [idleSeconds]);
  if (!answer?.user) return null;
  const role = ROLE_LABEL[answer.user.role] ?? answer.user.role;
  return (
    <div class="signed-in">
      <span class="signed-in-who">
        <span class="signed-in-lead">Signed in as </span>
        <strong>{answer.user.name}</strong> <span class="signed-in-role">({role})</span>
      </span>
      {shared && (
        <button type="button" class="btn signed-in-switch" onClick={signOutToPin}>
          Switch<span class="signed-in-wide"> operator</span>
        </button>
      )}
    </div>
  );
}
