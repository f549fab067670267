// The starter's MUI theme (src/kit-theme.tsx), following the system's light or dark scheme as
// the starter does for a visitor who never touched its toggle.
import { blue } from "@mui/material/colors";
import CssBaseline from "@mui/material/CssBaseline";
import {
  createTheme,
  ThemeProvider,
  useColorScheme as useMuiColorScheme,
} from "@mui/material/styles";
// `theme.vars` in the theme's types: this theme has CSS variables (cssVariables below).
import type {} from "@mui/material/themeCssVarsAugmentation";
import { useEffect, type ReactNode } from "react";

import { useSystemScheme, type ColorScheme } from "./system-scheme";

// Both schemes as CSS variables, chosen by the class useSystemScheme puts on <html>.
const theme = createTheme({
  colorSchemes: {
    // MUI's light primary, blue 700, is 4.6:1 with white: under 4.5:1 on the tint of
    // a hovered text button. Blue 800 is 5.8:1. The dark scheme's passes as it is.
    light: { palette: { primary: { main: blue[800] } } },
    dark: true,
  },
  cssVariables: { colorSchemeSelector: "class" },
  motion: { reducedMotion: "system" },
});

/** Tells MUI's own colour-scheme state (its useColorScheme) the page's scheme. */
function FollowScheme({ scheme }: { scheme: ColorScheme }) {
  const { setMode } = useMuiColorScheme();
  useEffect(() => setMode(scheme), [scheme, setMode]);
  return null;
}

export function KitProvider({ children }: { children: ReactNode }) {
  const scheme = useSystemScheme();
  return (
    // <html>'s class is useSystemScheme's: MUI neither writes it nor stores a mode.
    <ThemeProvider
      theme={theme}
      defaultMode={scheme}
      colorSchemeNode={null}
      storageManager={null}
    >
      <FollowScheme scheme={scheme} />
      {/* The page's background and text in the scheme's colours. */}
      <CssBaseline />
      {children}
    </ThemeProvider>
  );
}
