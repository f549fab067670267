import { StrictMode } from "react";
import { createRoot } from "react-dom/client";

import { HarnessPage } from "./harness-page";
import { HarnessProviders } from "./harness-providers";

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <HarnessProviders>
      <HarnessPage />
    </HarnessProviders>
  </StrictMode>,
);
