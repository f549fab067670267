// Builds the 2FA feature alone, as a library, to measure what it adds to an app's bundle.
// tests/bench/bundle_size.py copies this file next to the feature and passes, in
// BUNDLE_EXTERNALS, the packages the app already has (React, TanStack Query, the kit).
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

const externals = (process.env.BUNDLE_EXTERNALS ?? "").split(",").filter(Boolean);

export default defineConfig({
  plugins: [react()],
  logLevel: "warn",
  build: {
    outDir: "dist-bundle",
    emptyOutDir: true,
    minify: true,
    lib: {
      entry: "src/features/two-factor/index.ts",
      formats: ["es"],
      fileName: "two-factor",
    },
    rolldownOptions: {
      external: (id: string) => externals.some((name) => id === name || id.startsWith(`${name}/`)),
      output: {
        // Whitespace too, as an app's build minifies the feature (Vite keeps it in ES
        // libraries by default, for the bundler that uses them later).
        minify: true,
        // Without the /* @__PURE__ */ marks Vite keeps in libraries for the bundler that
        // tree-shakes them later: an app's own build drops them, so its users never load them.
        comments: { legal: true, annotation: false, jsdoc: false },
        // The npm packages the feature brings (@simplewebauthn/browser) in chunks of
        // their own, named so, to be told from the feature's own code.
        chunkFileNames: "[name].js",
        codeSplitting: { groups: [{ name: "npm-packages", test: /node_modules/ }] },
      },
    },
  },
});
