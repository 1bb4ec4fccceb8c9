import { type Context, Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { closeLiveSockets } from "../../durable-objects/hub-client";
import { ALL_SESSION_SOCKETS, principalSocketTag } from "../../durable-objects/protocol";
import {
  checkAdminPassword,
  checkRecoveryKey,
  hasRecoveryKey,
  issueRecoveryKey,
  MIN_PASSWORD_LENGTH,
  setAdminPassword,
} from "../auth/admin";
import { generateToken, sha256Hex } from "../auth/crypto";
import { assertCsrf, csrfTokenFor } from "../auth/csrf";
import { assertSignInOpen, enforceRateLimit, recordFailedSignIn, recordSuccessfulSignIn } from "../auth/rate-limit";
import { clearSessionCookie, readSession, startSession } from "../auth/session";
import { consumeResetTokenStatement, insertResetToken, isResetTokenUsable, revokeSession } from "../data/auth";
import type { AppEnv, OptionalSecrets } from "../env";
import { forgotPage, loginPage, messagePage, resetDonePage, resetPage } from "../pages/auth-pages";
import { safeNextPath } from "../pages/next-path";

/** Sign-in, sign-out and password recovery as server-rendered forms (api.md §1, rules §1). */
export const authPages = new Hono<AppEnv>();

const RESET_TOKEN_MS = 10 * 60_000;

async function formOf(c: Context<AppEnv>): Promise<Record<string, string>> {
  const form = await c.req.parseBody().catch(() => ({}));
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(form)) if (typeof v === "string") out[k] = v.slice(0, 1024);
  return out;
}

/** Pages that show a secret (a reset token, a recovery key) must never be kept by a cache. */
function noStore(res: Response): Response {
  res.headers.set("Cache-Control", "no-store");
  return res;
}

/** Rate-limited form posts answer with a page, not JSON. */
async function limited(c: Context<AppEnv>, check: () => Promise<void>): Promise<Response | null> {
  try {
    await check();
    return null;
  } catch (err) {
    if (err instanceof HTTPException && err.status === 429) {
      const res = await c.html(messagePage("Too many attempts", err.message), 429);
      res.headers.set("Retry-After", err.res?.headers.get("Retry-After") ?? "60");
      return res;
    }
    throw err;
  }
}

authPages.get("/login", async (c) => {
  const next = safeNextPath(c.req.query("next"));
  if (await readSession(c)) return c.redirect(next, 302);
  return c.html(loginPage(csrfTokenFor(c), next));
});

authPages.post("/login", async (c) => {
  const tooMany = await limited(c, () => enforceRateLimit(c, "login"));
  if (tooMany) return tooMany;
  const form = await formOf(c);
  assertCsrf(c, form.csrf_token);
  // The global failed-sign-in budget: while it has paused sign-in, no password is even checked.
  const paused = await limited(c, () => assertSignInOpen(c));
  if (paused) return paused;
  const now = new Date();
  const bootstrap = (c.env as Env & OptionalSecrets).ADMIN_PASSWORD_HASH;
  if (!form.password || !(await checkAdminPassword(c.var.db, form.password, now, bootstrap))) {
    await recordFailedSignIn(c, now.getTime());
    return c.html(loginPage(csrfTokenFor(c), safeNextPath(form.next), "Invalid password"), 400);
  }
  await recordSuccessfulSignIn(c);
  await startSession(c, form.remember_me === "1", now);
  return c.redirect(safeNextPath(form.next), 302);
});

authPages.get("/logout", async (c) => {
  const sessionId = await readSession(c);
  if (sessionId) {
    await revokeSession(c.var.db, sessionId, new Date());
    await closeLiveSockets(c.env, principalSocketTag({ kind: "session", sessionId }), "Signed out");
  }
  clearSessionCookie(c);
  // "Switch operator" and the idle timeout on a shared tablet sign out back to the PIN pad (issue 18).
  return c.redirect(c.req.query("to") === "pin" ? "/pin" : "/login", 302);
});

authPages.get("/forgot-password", async (c) => {
  return c.html(forgotPage(csrfTokenFor(c), await hasRecoveryKey(c.var.db)));
});

authPages.post("/forgot-password", async (c) => {
  const tooMany = await limited(c, () => enforceRateLimit(c, "forgot-password"));
  if (tooMany) return tooMany;
  const form = await formOf(c);
  assertCsrf(c, form.csrf_token);
  if (!(await hasRecoveryKey(c.var.db))) return c.html(forgotPage(csrfTokenFor(c), false), 400);
  if (!form.recovery_key || !(await checkRecoveryKey(c.var.db, form.recovery_key))) {
    return c.html(forgotPage(csrfTokenFor(c), true, "Invalid recovery key"), 400);
  }
  const token = generateToken(32);
  await insertResetToken(c.var.db, await sha256Hex(token), new Date(Date.now() + RESET_TOKEN_MS));
  return c.redirect(`/reset-password?token=${encodeURIComponent(token)}`, 302);
});

authPages.get("/reset-password", async (c) => {
  const token = c.req.query("token") ?? "";
  if (!token || !(await isResetTokenUsable(c.var.db, await sha256Hex(token), new Date()))) {
    return c.html(
      messagePage("Reset link expired", "This reset link is invalid or has expired. Start again from “Forgot password?”."),
      400,
    );
  }
  return noStore(await c.html(resetPage(csrfTokenFor(c), token)));
});

authPages.post("/reset-password", async (c) => {
  const tooMany = await limited(c, () => enforceRateLimit(c, "reset-password"));
  if (tooMany) return tooMany;
  const form = await formOf(c);
  assertCsrf(c, form.csrf_token);
  const token = form.token ?? "";
  const now = new Date();
  const tokenHash = await sha256Hex(token);
  if (!token || !(await isResetTokenUsable(c.var.db, tokenHash, now))) {
    return c.html(
      messagePage("Reset link expired", "This reset link is invalid or has expired. Start again from “Forgot password?”."),
      400,
    );
  }
  const password = form.new_password ?? "";
  if (password.length < MIN_PASSWORD_LENGTH) {
    return c.html(resetPage(csrfTokenFor(c), token, "Password must be at least 6 characters"), 400);
  }
  if (password !== form.confirm_password) {
    return c.html(resetPage(csrfTokenFor(c), token, "Passwords do not match"), 400);
  }
  // Single use: only the request that marks the token used may change the password.
  const [consumed] = await consumeResetTokenStatement(c.var.db, tokenHash, now);
  if (!consumed) return c.html(messagePage("Reset link expired", "This reset link has already been used."), 400);
  await setAdminPassword(c.var.db, password, "system", now);
  await closeLiveSockets(c.env, ALL_SESSION_SOCKETS, "Signed out: the password was reset");
  const recoveryKey = await issueRecoveryKey(c.var.db, "system", now);
  return noStore(await c.html(resetDonePage(recoveryKey)));
});
