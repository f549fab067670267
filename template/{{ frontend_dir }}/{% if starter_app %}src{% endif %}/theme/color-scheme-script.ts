// Runs in <head> before the first paint (index.html, or the Next.js root layout), so a
// dark page is never drawn light first. The same rule as useColorScheme: the visitor's
// choice from the header's toggle, else their system's. No imports: it is sent as text.
export const COLOR_SCHEME_KEY = "color-scheme";

export const colorSchemeScript = `(() => {
  let scheme = "light";
  try {
    const chosen = localStorage.getItem(${JSON.stringify(COLOR_SCHEME_KEY)});
    if (chosen === "light" || chosen === "dark") scheme = chosen;
    else if (matchMedia("(prefers-color-scheme: dark)").matches) scheme = "dark";
  } catch {}
  const root = document.documentElement;
  root.classList.add(scheme);
  root.dataset.theme = scheme;
  root.style.colorScheme = scheme;
})();`;
