// The kit needs nothing around its components.
import type { ReactNode } from "react";

export function KitProvider({ children }: { children: ReactNode }) {
  return children;
}
