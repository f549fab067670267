import type { UserEvent } from "@testing-library/user-event";
import { expect } from "vitest";

/** Tabs until `element` has focus, as a keyboard user would reach it (never .focus()). */
export async function tabTo(user: UserEvent, element: HTMLElement) {
  for (let presses = 0; presses < 40; presses += 1) {
    if (document.activeElement === element) return;
    await user.tab();
  }
  expect(element).toHaveFocus();
}
