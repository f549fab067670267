import { fileURLToPath } from "node:url";

import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

import { kitPlugins } from "./kit-plugins.ts";

export default defineConfig({
  plugins: [react(), ...kitPlugins],
  // "@/components/ui" and the like, as shadcn/ui's Vite guide sets it up.
  resolve: { alias: { "@": fileURLToPath(new URL("./src", import.meta.url)) } },
});
