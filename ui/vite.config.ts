// Vite + Vitest configuration for Coffer's UI. Output: ui/dist (Tauri's frontendDist, and what
// `coffer serve` serves). Everything is bundled into files: no inline scripts or styles, so the
// app's strict CSP (script-src 'self'; style-src 'self') holds in the built output.
import { defineConfig } from "vitest/config";

export default defineConfig({
  // Relative asset URLs work both under tauri://localhost and http://127.0.0.1:PORT/.
  base: "./",
  esbuild: { jsx: "automatic", jsxImportSource: "preact" },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    // WebKitGTK 2.40+ / Safari 16+ / recent Chromium.
    target: "es2021",
    // The preload polyfill would be bundled JS anyway; not needed by our targets.
    modulePreload: { polyfill: false },
    // Never inline assets as data: URLs into JS/CSS; emit files instead (keeps CSP simple).
    assetsInlineLimit: 0,
    sourcemap: false,
  },
  // Port 1420 is Tauri's conventional devUrl.
  // ../icons holds the app icon (favicon and in-app logo), outside the package root.
  server: { port: 1420, strictPort: true, fs: { allow: [".", "../icons"] } },
  test: {
    environment: "happy-dom",
    include: ["src/**/*.test.{ts,tsx}"],
  },
});
