// shadcn/ui is styled with Tailwind CSS v4, which Vite runs as a plugin.
import tailwindcss from "@tailwindcss/vite";
import type { PluginOption } from "vite";

export const kitPlugins: PluginOption[] = [tailwindcss()];
