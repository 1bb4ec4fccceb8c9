import * as Sentry from "@sentry/cloudflare";
import { runScheduled } from "../cron";
import { createApp } from "./app";
import type { OptionalSecrets } from "./env";
import { setErrorReporter } from "./http/errors";
import { answerIfNotModified } from "./http/not-modified";

const app = createApp();

const handler = {
  fetch(request, env, ctx) {
    const early = answerIfNotModified(request, env);
    return early ? early.then((answer) => answer ?? app.fetch(request, env, ctx)) : app.fetch(request, env, ctx);
  },
  async scheduled(controller, env, ctx) {
    ctx.waitUntil(runScheduled(controller, env));
  },
} satisfies ExportedHandler<Env>;

/** Network hiccups are not bugs (rules §1.5): keep them out of Sentry. */
const NOISE = /connection reset|broken pipe|timed? ?out|network connection was lost/i;

const withSentry = Sentry.withSentry<Env & OptionalSecrets>(
  (env) => ({
    dsn: env.SENTRY_DSN,
    tracesSampleRate: 0.05,
    sendDefaultPii: false,
    beforeSend: (event) => (NOISE.test(event.exception?.values?.[0]?.value ?? "") ? null : event),
  }),
  // withSentry instruments the object it is given in place: hand it a copy so that requests
  // without a DSN never pass through Sentry's wrappers.
  { ...handler },
) as ExportedHandler<Env & OptionalSecrets>;
setErrorReporter((error, context) => Sentry.captureException(error, { tags: context }));

/** Sentry wraps the Worker only when SENTRY_DSN is set; otherwise requests never touch it. */
export default {
  fetch(request, env: Env & OptionalSecrets, ctx) {
    return env.SENTRY_DSN ? (withSentry.fetch?.(request, env, ctx) ?? handler.fetch(request, env, ctx)) : handler.fetch(request, env, ctx);
  },
  scheduled(controller, env: Env & OptionalSecrets, ctx) {
    return env.SENTRY_DSN && withSentry.scheduled ? withSentry.scheduled(controller, env, ctx) : handler.scheduled(controller, env, ctx);
  },
} satisfies ExportedHandler<Env & OptionalSecrets>;

export { ApexPushScheduler } from "../durable-objects/apex-push-scheduler";
export { BackupRunner } from "../durable-objects/backup-runner";
export { BatchHub } from "../durable-objects/batch-hub";
