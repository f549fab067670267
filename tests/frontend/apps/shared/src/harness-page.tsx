// A page referencing all 7 components, so the production build compiles every one of them.
// It is built, never opened in a browser: the feature's own tests render the components
// with real props. So it stays independent of their props, and shows one component only
// after a click, which keeps Next.js's prerendering of the page off the components.
import { useState, type ComponentType } from "react";

import {
  BackupCodeEntry,
  BackupCodesDisplay,
  SecuritySettingsCard,
  SetupTotpModal,
  TotpCodeConfirmDialog,
  TotpNudgeBanner,
  TotpVerificationView,
} from "./features/two-factor";

const components = {
  SetupTotpModal,
  BackupCodesDisplay,
  SecuritySettingsCard,
  TotpCodeConfirmDialog,
  TotpVerificationView,
  BackupCodeEntry,
  TotpNudgeBanner,
};
type Name = keyof typeof components;

export function HarnessPage() {
  const [shown, setShown] = useState<Name | null>(null);
  const Shown = shown ? (components[shown] as unknown as ComponentType) : null;
  return (
    <main>
      <nav>
        {(Object.keys(components) as Name[]).map((name) => (
          <button key={name} type="button" onClick={() => setShown(name)}>
            {name}
          </button>
        ))}
      </nav>
      {Shown && <Shown />}
    </main>
  );
}
