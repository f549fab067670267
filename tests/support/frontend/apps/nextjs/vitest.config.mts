// Vitest in a Next.js app: Vite's React plugin transforms the tests' JSX.
import { fileURLToPath } from "node:url";

import react from "@vitejs/plugin-react";
import { defineConfig } from "vitest/config";

export default defineConfig({
  plugins: [react()],
  // tsconfig.json's "@/*": Next.js reads it there, Vitest needs it said.
  resolve: { alias: { "@": fileURLToPath(new URL("./src", import.meta.url)) } },
});
