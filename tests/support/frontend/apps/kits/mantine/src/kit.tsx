// Mantine's components need its provider and its stylesheet.
import "@mantine/core/styles.css";

import {
  createTheme,
  MantineProvider,
  type CSSVariablesResolver,
} from "@mantine/core";
import type { ReactNode } from "react";

import { useSystemScheme } from "./system-scheme";

// The starter's theme (src/kit.tsx there), without its chrome. Mantine's default tokens
// fail WCAG AA contrast (4.5:1) in four places, changed here:
// - the primary shade: white on blue.6 (#228be6) is 3.6:1; blue.8 (#1971c2) is 5:1;
// - the error red of a field's text and message: red.6 on white is 3.3:1, and red.8 on
//   the dark scheme's body 3.4:1. Red's text shades instead: red.9 (5.5:1), red.4 (6.7:1);
// - a hovered light or subtle button: its shade-9 text on shade 2 (blue 4:1, red 3.8:1).
//   Hovered, they take shade 0 (5.5:1, 5.1:1);
// - dimmed text: gray.6 on white is 3.3:1, dark.2 on a dark Card 3.5:1. One shade
//   stronger: gray.7 (8:1), dark.1 (6.9:1).
const theme = createTheme({ primaryShade: 8, respectReducedMotion: true });

const cssVariablesResolver: CSSVariablesResolver = ({ colors }) => ({
  variables: {},
  light: {
    "--mantine-color-error": "var(--mantine-color-red-9)",
    "--mantine-color-dimmed": "var(--mantine-color-gray-7)",
    ...Object.fromEntries(
      Object.keys(colors).map((color) => [
        `--mantine-color-${color}-light-hover`,
        `var(--mantine-color-${color}-0)`,
      ]),
    ),
  },
  dark: {
    "--mantine-color-error": "var(--mantine-color-red-4)",
    "--mantine-color-dimmed": "var(--mantine-color-dark-1)",
  },
});

// Mantine draws the page's body in the scheme too (its background and text colour).
export function KitProvider({ children }: { children: ReactNode }) {
  const scheme = useSystemScheme();
  return (
    <MantineProvider
      theme={theme}
      cssVariablesResolver={cssVariablesResolver}
      forceColorScheme={scheme}
    >
      {children}
    </MantineProvider>
  );
}
