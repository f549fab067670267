// shadcn/ui components are styled by the app's Tailwind CSS entry.
import "./kit.css";

import type { ReactNode } from "react";

import { useSystemScheme } from "./system-scheme";

export function KitProvider({ children }: { children: ReactNode }) {
  // shadcn's dark mode is the "dark" class on <html>, which useSystemScheme puts there.
  useSystemScheme();
  return children;
}
