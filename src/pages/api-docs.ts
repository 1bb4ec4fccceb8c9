import { html } from "hono/html";
import { toOpenApiPath } from "../http/openapi";
import { apiRoutes } from "../http/registry";
import { page } from "./layout";

const AUTH_LABEL = { none: "public", "key-or-session": "API key or session", session: "session only" } as const;

/** A readable reference of every route, grouped by area, from the same registry as openapi.json. */
export function apiDocsPage() {
  const byTag = new Map<string, typeof apiRoutes>();
  for (const route of apiRoutes) byTag.set(route.tag, [...(byTag.get(route.tag) ?? []), route]);
  const sections = [...byTag.entries()].map(
    ([tag, routes]) => html`<section>
      <h2>${tag}</h2>
      <table>
        <thead><tr><th>Method</th><th>Path</th><th>Auth</th><th>What it does</th></tr></thead>
        <tbody>
          ${routes.map(
            (r) =>
              html`<tr><td><code>${r.method.toUpperCase()}</code></td><td><code>${toOpenApiPath(r.path)}</code></td><td>${AUTH_LABEL[r.auth]}</td><td>${r.summary}</td></tr>`,
          )}
        </tbody>
      </table>
    </section>`,
  );
  return page(
    "API reference",
    html`<p>Machine-readable: <a href="/api/openapi.json">/api/openapi.json</a> (OpenAPI 3.1). Send <code>X-API-Key</code> for
        key-or-session routes; errors are always <code>{"error": "..."}</code>.</p>
      ${sections}`,
  );
}
