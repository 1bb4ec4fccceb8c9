import { html } from "hono/html";
import { flash, page } from "./layout";

export function loginPage(csrf: string, next: string, error?: string) {
  return page(
    "Admin Login",
    html`${flash(error)}
      <form method="post" action="/login">
        <input type="hidden" name="csrf_token" value="${csrf}" />
        <input type="hidden" name="next" value="${next}" />
        <label for="password">Password</label>
        <input id="password" name="password" type="password" autocomplete="current-password" required autofocus />
        <label class="check"><input type="checkbox" name="remember_me" value="1" checked /> Remember me for 30 days</label>
        <button type="submit">Login</button>
      </form>
      <p><a href="/forgot-password">Forgot password?</a></p>`,
  );
}

export function forgotPage(csrf: string, configured: boolean, error?: string) {
  if (!configured) {
    return page(
      "Password Recovery",
      html`${flash(error)}
        <p class="flash error" role="alert">No recovery key configured.</p>
        <p>Reset the password from the command line: <code>npm run admin -- set-password</code> (see the README).</p>
        <p><a href="/login">Back to login</a></p>`,
    );
  }
  return page(
    "Password Recovery",
    html`${flash(error)}
      <form method="post" action="/forgot-password">
        <input type="hidden" name="csrf_token" value="${csrf}" />
        <label for="recovery_key">Recovery Key</label>
        <input id="recovery_key" name="recovery_key" placeholder="HARVEST-XXXX-XXXX-XXXX" autocomplete="off" required autofocus />
        <button type="submit">Verify Key</button>
      </form>
      <p><a href="/login">Back to login</a></p>`,
  );
}

export function resetPage(csrf: string, token: string, error?: string) {
  return page(
    "Set New Password",
    html`${flash(error)}
      <form method="post" action="/reset-password">
        <input type="hidden" name="csrf_token" value="${csrf}" />
        <input type="hidden" name="token" value="${token}" />
        <label for="new_password">New Password</label>
        <input id="new_password" name="new_password" type="password" minlength="6" autocomplete="new-password" aria-describedby="pw-hint" required autofocus />
        <p id="pw-hint" class="hint">At least 6 characters.</p>
        <label for="confirm_password">Confirm Password</label>
        <input id="confirm_password" name="confirm_password" type="password" minlength="6" autocomplete="new-password" required />
        <button type="submit">Reset Password</button>
      </form>`,
  );
}

export function resetDonePage(recoveryKey: string) {
  return page(
    "Password updated",
    html`${flash("Your password has been reset.", "success")}
      <p>Your new recovery key is shown <strong>only once</strong>. Write it down and keep it somewhere safe:</p>
      <p class="recovery-key"><code>${recoveryKey}</code></p>
      <p>The old recovery key no longer works.</p>
      <p><a class="button" href="/login">Go to Login</a></p>`,
  );
}

export function messagePage(title: string, message: string) {
  return page(title, html`${flash(message)}<p><a href="/login">Back to login</a></p>`);
}
