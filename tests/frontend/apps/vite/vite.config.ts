import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

import { kitPlugins } from "./kit-plugins.ts";

export default defineConfig({
  plugins: [react(), ...kitPlugins],
});
