import { buttonClasses } from "@mui/material";
import type { CSSProperties } from "react";

// MUI's own disabled look comes from its state class, whatever the variant. That class
// also turns pointer events off: back on, so that a click reaches the button (and the
// hook ignores it), with the cursor of a disabled control and no hover colour.
const waitingLook = {
  [`&.${buttonClasses.disabled}`]: {
    pointerEvents: "auto",
    cursor: "not-allowed",
  },
  [`&:hover:not(.${buttonClasses.contained})`]: { bgcolor: "transparent" },
} as const;

/**
 * Props for a button that waits (for a countdown, the browser's passkey prompt, a save),
 * with the button's own `sx` when it has one: aria-disabled, not disabled, so that it
 * keeps focus and its label is read on it. The focus ripple stays, to show where focus
 * is; the touch ripple goes.
 */
export function waitingProps(waiting: boolean | undefined, sx?: CSSProperties) {
  return waiting
    ? {
        "aria-disabled": true,
        className: buttonClasses.disabled,
        disableTouchRipple: true,
        sx: { ...sx, ...waitingLook },
      }
    : { sx };
}
