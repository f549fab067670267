// The UI kit's Vite plugins: none, unless the kit's harness files replace this file.
import type { PluginOption } from "vite";

export const kitPlugins: PluginOption[] = [];
