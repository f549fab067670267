// The plain components' stylesheet turns dark with <html data-theme="dark">, which
// useSystemScheme puts there when the system is dark; kit.css does the page around them.
import "./kit.css";

import type { ReactNode } from "react";

import { useSystemScheme } from "./system-scheme";

export function KitProvider({ children }: { children: ReactNode }) {
  useSystemScheme();
  return children;
}
