import { screen } from "@testing-library/react";
import { expect } from "vitest";

const MODAL = '[role="dialog"], [role="alertdialog"], dialog[open]';

function reachable(element: Element): boolean {
  return !element.closest('[aria-hidden="true"], [inert]');
}

/**
 * What the Announcer's live regions hold that a screen reader can hear now: with a modal
 * dialog open, only the dialog's own regions (the rest of the page is hidden from screen
 * readers, live regions included).
 */
export function announced(): string[] {
  const modals = [...document.querySelectorAll(MODAL)].filter(reachable);
  const scope = modals.length > 0 ? modals[modals.length - 1] : document.body;
  return [...scope.querySelectorAll("[data-two-factor-announcer]")]
    .filter(reachable)
    .flatMap((region) => [...region.querySelectorAll("[aria-live] > *")])
    .map((said) => said.textContent ?? "")
    .filter(Boolean);
}

export async function expectAnnounced(sentence: string): Promise<void> {
  await expect.poll(announced).toContain(sentence);
}

/**
 * The shown copy of an announced sentence is not a live region itself, or a screen
 * reader would say it twice (and may miss it: it arrives together with its region).
 */
export function expectShownQuietly(element: HTMLElement): void {
  const live = element.closest(
    '[role="alert"], [role="status"], [role="log"], [aria-live]',
  );
  expect(live?.closest("[data-two-factor-announcer]") ?? live).toBeNull();
}

/** A button that waits: focusable and read out, but it does nothing yet. */
export function expectWaiting(button: HTMLElement): void {
  expect(button).toHaveAttribute("aria-disabled", "true");
  expect(button).not.toBeDisabled();
}

/** The one shown copy of a sentence, outside the Announcer's regions. */
export function shownText(sentence: string): HTMLElement {
  const shown = screen
    .getAllByText(sentence)
    .filter((element) => !element.closest("[data-two-factor-announcer]"));
  expect(shown).toHaveLength(1);
  return shown[0];
}
