// The starter's theme (src/kit-theme.tsx), as an app that follows its advice has it, in the
// system's light or dark scheme.
import { ConfigProvider, theme, type ThemeConfig } from "antd";
import { useEffect, type ReactNode } from "react";

import { useSystemScheme } from "./system-scheme";

// antd's default colours fail WCAG AA contrast for text (4.5:1): blue #1677ff, for links
// on white and under a primary button's white text (4.1:1), and red #ff4d4f, a danger
// button's text (3.3:1). A step darker on antd's own palettes passes: blue-7 (6.2:1)
// and red-7 (5.6:1). antd lightens what is hovered (#2e7ae6, 4.2:1; a link #579df2,
// 2.8:1): here it darkens instead, to blue-8, and blue-9 while pressed.
const blue = "#0958d9";
const light: ThemeConfig = {
  token: {
    // Links take colorInfo, not colorPrimary: both are the one blue.
    colorPrimary: blue,
    colorInfo: blue,
    colorError: "#cf1322",
    colorPrimaryHover: "#003eb3",
    colorPrimaryActive: "#002c8c",
    colorLinkHover: "#003eb3",
    colorLinkActive: "#002c8c",
  },
};

// The dark algorithm draws each seed a step into the dark: antd's own blue comes out
// #1668dc, under white text at 5.2:1, but only 3.2:1 as text on a dialog's #1f1f1f.
// Links and a danger button's text take lighter seeds from antd's palettes (blue-4 and
// red-4), drawn #5c99dc and #dc6966: 5.5:1 and 4.9:1 there. Where antd's hovered or
// pressed shade of them would fall under 4.5:1, a lighter one stands in.
const dark: ThemeConfig = {
  algorithm: theme.darkAlgorithm,
  token: {
    colorPrimary: "#1677ff",
    colorInfo: "#1677ff",
    colorLink: "#69b1ff",
    colorLinkHover: "#85b8e8",
    colorLinkActive: "#5c99dc",
    colorError: "#ff7875",
    colorErrorActive: "#dc6966",
  },
  components: {
    // A hovered primary button darkens instead (white on #3c89e8 is 3.5:1); a default
    // button's text stays #3c89e8 when pressed (antd's #1554ad is 2.5:1 on #141414).
    Button: {
      colorPrimaryHover: "#1554ad",
      defaultHoverColor: "#3c89e8",
      defaultHoverBorderColor: "#3c89e8",
      defaultActiveColor: "#3c89e8",
      defaultActiveBorderColor: "#3c89e8",
    },
  },
};

export function KitProvider({ children }: { children: ReactNode }) {
  const scheme = useSystemScheme();
  return (
    <ConfigProvider theme={scheme === "dark" ? dark : light}>
      <PageColors />
      {children}
    </ConfigProvider>
  );
}

/** The page around the components in antd's layout colours, as the starter draws it. */
function PageColors() {
  const { token } = theme.useToken();
  useEffect(() => {
    const { style } = document.body;
    style.background = token.colorBgLayout;
    style.color = token.colorText;
    style.fontFamily = token.fontFamily;
  }, [token]);
  return null;
}
