// shadcn/ui components are styled by the app's Tailwind CSS entry.
import "./kit.css";

import type { ReactNode } from "react";

export function KitProvider({ children }: { children: ReactNode }) {
  return children;
}
