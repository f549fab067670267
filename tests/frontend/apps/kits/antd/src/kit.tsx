// The starter's theme (src/kit.tsx), as an app that follows its advice has it.
import { ConfigProvider, type ThemeConfig } from "antd";
import type { ReactNode } from "react";

// antd's default colours fail WCAG AA contrast for text (4.5:1): blue #1677ff, for links
// on white and under a primary button's white text (4.1:1), and red #ff4d4f, a danger
// button's text (3.3:1). A step darker on antd's own palettes passes: blue-7 (6.2:1)
// and red-7 (5.6:1).
const blue = "#0958d9";
const theme: ThemeConfig = {
  // Links take colorInfo, not colorPrimary: both are the one blue.
  token: { colorPrimary: blue, colorInfo: blue, colorError: "#cf1322" },
};

export function KitProvider({ children }: { children: ReactNode }) {
  return <ConfigProvider theme={theme}>{children}</ConfigProvider>;
}
