/** One scheduler for the deployment: Apex sees a single writer. */
export function apexPushObject(env: Env) {
  return env.APEX_PUSH.get(env.APEX_PUSH.idFromName("global"));
}

/**
 * Asks for a debounced inventory push to Apex after a change to finished goods, holds or packing.
 * Never fails the caller's write: a scheduling problem only delays the push until the next change.
 */
export async function requestApexPush(env: Env & { APEX_API_TOKEN?: string }): Promise<void> {
  // Without a token there is no Apex to push to: skip the scheduler round trip entirely.
  if (!env.APEX_API_TOKEN) return;
  try {
    await apexPushObject(env).requestPush();
  } catch (error) {
    console.error("could not schedule the Apex inventory push", error instanceof Error ? error.message : String(error));
  }
}
