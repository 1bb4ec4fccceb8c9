import preact from "@preact/preset-vite";
import { defineConfig } from "vite";
import { VitePWA } from "vite-plugin-pwa";
import pkg from "../package.json" with { type: "json" };

/** Pages the Worker renders itself (sign-in, recovery, API docs): never answered from the app shell. */
const SERVER_PAGES = [/^\/api\//, /^\/login/, /^\/logout/, /^\/forgot-password/, /^\/reset-password/, /^\/api-docs/];

export default defineConfig({
  root: "web",
  // Sent as X-App-Version with every call, so server logs tell old pages from new.
  define: { "import.meta.env.VITE_APP_VERSION": JSON.stringify(pkg.version) },
  plugins: [
    preact(),
    VitePWA({
      // Never reload by itself: the app asks, and only when no count is queued and no form is dirty.
      registerType: "prompt",
      injectRegister: false,
      manifestFilename: "manifest.json",
      manifest: {
        id: "/admin",
        name: "PreRoll Tracker",
        short_name: "PreRolls",
        description: "Production tracker for the pre-roll floor: batches, counts, plans and packing.",
        start_url: "/admin",
        scope: "/",
        display: "standalone",
        orientation: "any",
        background_color: "#121412",
        theme_color: "#1b5e20",
        icons: [
          { src: "/icon-192.png", sizes: "192x192", type: "image/png" },
          { src: "/icon-512.png", sizes: "512x512", type: "image/png" },
          { src: "/icon-maskable-512.png", sizes: "512x512", type: "image/png", purpose: "maskable" },
        ],
      },
      workbox: {
        // Every build-hashed asset is precached; the shell answers every app path offline.
        globPatterns: ["**/*.{js,css,html,png,svg,ico,wasm,woff2}"],
        navigateFallback: "/index.html",
        navigateFallbackDenylist: SERVER_PAGES,
        // The API stays on the network; the app keeps its own last-known copies in IndexedDB.
        runtimeCaching: [],
        cleanupOutdatedCaches: true,
        // One self-contained sw.js: with the runtime in a separate chunk, the worker adds its
        // SKIP_WAITING listener only after an async import, so a restarted waiting worker misses the
        // message and "Reload" never activates the new version.
        inlineWorkboxRuntime: true,
        maximumFileSizeToCacheInBytes: 3 * 1024 * 1024,
      },
    }),
  ],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    // No public source maps in production builds.
    sourcemap: false,
    target: "es2022",
  },
});
