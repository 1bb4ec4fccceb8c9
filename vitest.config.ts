import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-pool-workers";
import { defineConfig } from "vitest/config";

/**
 * Three projects in one run (one Workers-pool start-up): pure rules in Node, everything that
 * touches bindings inside workerd with real local D1, R2 and the Durable Object, and pages in Chromium.
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: { name: "unit", include: ["test/unit/**/*.test.ts"], environment: "node" },
      },
      {
        // Real Chromium against `wrangler dev` on 127.0.0.1: the only way to reach static assets.
        test: {
          name: "browser",
          include: ["test/browser/**/*.test.ts"],
          environment: "node",
          globalSetup: ["./test/browser/global-setup.ts"],
          setupFiles: ["./test/browser/server-ready.ts"],
          testTimeout: 60_000,
          hookTimeout: 90_000,
          // `wrangler dev` has exited mid-run in CI with an empty [ERROR] (scripts/lib/test-server.mjs
          // starts it again): the one test in flight then is run once more; a test that fails twice fails.
          retry: 1,
        },
      },
      {
        plugins: [
          cloudflareTest(async () => ({
            wrangler: { configPath: "./wrangler.toml" },
            miniflare: {
              // Anything that escapes the fakes is answered here: tests never reach the network.
              outboundService: (request: Request) =>
                new Response(JSON.stringify({ error: `tests never reach the network (${new URL(request.url).host})` }), {
                  status: 503,
                  headers: { "Content-Type": "application/json" },
                }),
              bindings: {
                SECRET_KEY: "test-secret-key-that-is-long-enough-0123456789",
                BACKUP_ENCRYPTION_KEY: "dGVzdC1iYWNrdXAta2V5LTMyLWJ5dGVzLWxvbmctISE=",
                ENVIRONMENT: "test",
                APEX_API_TOKEN: "130|test-token",
                // Tests reach external services only through in-process fakes; these hosts do not exist.
                APEX_BASE_URL: "http://apex.fake.test",
                PUSHOVER_API_URL: "http://pushover.fake.test",
                TEST_MIGRATIONS: await readD1Migrations("./migrations"),
                // `npm run fuzz` (FUZZ_RUNS=n): the long profile of test/integration/fuzz-routes.test.ts.
                FUZZ_RUNS: process.env.FUZZ_RUNS ?? "",
              },
            },
          })),
        ],
        test: {
          name: "integration",
          include: ["test/integration/**/*.test.ts"],
          setupFiles: ["./test/helpers/apply-migrations.ts"],
          testTimeout: 30_000,
        },
      },
    ],
  },
});
