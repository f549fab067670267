// Mantine's components need its provider and its stylesheet.
import "@mantine/core/styles.css";

import { MantineProvider } from "@mantine/core";
import type { ReactNode } from "react";

export function KitProvider({ children }: { children: ReactNode }) {
  return <MantineProvider>{children}</MantineProvider>;
}
