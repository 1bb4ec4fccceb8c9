import { html, raw } from "hono/html";
import type { HtmlEscapedString } from "hono/utils/html";

type Content = HtmlEscapedString | Promise<HtmlEscapedString>;

/** The frame of the server-rendered auth pages; styles come from /auth.css (strict CSP). */
export function page(title: string, body: Content) {
  return html`<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <meta name="theme-color" content="#1b5e20" />
    <title>${title} · PreRollTracker</title>
    <link rel="stylesheet" href="/auth.css" />
    <link rel="manifest" href="/manifest.json" />
  </head>
  <body>
    <main class="card">
      <h1>${title}</h1>
      ${body}
    </main>
  </body>
</html>`;
}

export function flash(message: string | undefined, kind: "error" | "success" = "error") {
  return message ? html`<p class="flash ${kind}" role="alert">${message}</p>` : raw("");
}
