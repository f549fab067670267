// Vitest in a Next.js app: Vite's React plugin transforms the tests' JSX.
import react from "@vitejs/plugin-react";
import { defineConfig } from "vitest/config";

export default defineConfig({
  plugins: [react()],
});
