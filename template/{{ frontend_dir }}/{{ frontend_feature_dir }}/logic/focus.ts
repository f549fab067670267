import {
  useCallback,
  useEffect,
  useLayoutEffect,
  useRef,
  useState,
} from "react";

/**
 * Focuses `element` itself when it takes focus (a heading with tabIndex={-1} does), else
 * the first field or button inside it: where Tab would stop first.
 */
export function focusInto(element: HTMLElement | null): void {
  if (!element) return;
  const target =
    element.tabIndex >= 0 || element.hasAttribute("tabindex")
      ? element
      : tabStops(element)[0];
  target?.focus();
}

/** Drawn: not in a display:none subtree. Without layout (jsdom), not `hidden`. */
function isDrawn(element: HTMLElement): boolean {
  return element.checkVisibility?.() ?? !element.closest("[hidden]");
}

/** Where Tab stops inside `root`, in order: in the tab order, enabled, and drawn. */
export function tabStops(root: HTMLElement): HTMLElement[] {
  return [...root.querySelectorAll<HTMLElement>("*")].filter(
    (element) =>
      element.tabIndex >= 0 &&
      !element.matches(":disabled") &&
      isDrawn(element),
  );
}

/**
 * Where focus goes when `element` is about to go away with the control that has focus:
 * the next stop after it on the page, else the one before it.
 */
export function nearestStopOutside(element: HTMLElement): HTMLElement | null {
  const outside = tabStops(element.ownerDocument.body).filter(
    (stop) => !element.contains(stop),
  );
  const after = outside.find(
    (stop) =>
      element.compareDocumentPosition(stop) & Node.DOCUMENT_POSITION_FOLLOWING,
  );
  return after ?? outside.at(-1) ?? null;
}

/**
 * Tab on the last stop inside `root` goes to the first, Shift+Tab on the first to the
 * last. For a modal that lets Tab leave for the browser's own toolbar: a native modal
 * <dialog> does, and so does antd's Modal from its last control.
 */
export function wrapTab(
  event: Pick<KeyboardEvent, "key" | "shiftKey" | "target" | "preventDefault">,
  root: HTMLElement,
): void {
  if (event.key !== "Tab") return;
  const stops = tabStops(root);
  const first = stops[0];
  const last = stops[stops.length - 1];
  const [from, to] = event.shiftKey ? [first, last] : [last, first];
  if (!to || event.target !== from) return;
  event.preventDefault();
  to.focus();
}

/**
 * Somewhere focus goes on request, once the render that shows it is done. For when the
 * element that had focus goes away (a pressed button the next screen has no use for, a
 * wizard step that changes): the browser would drop focus to the top of the page, and a
 * keyboard or screen reader user would have to find their way back.
 *
 * `ref` is a callback ref: put it on the element, or on a wrapper of the field to focus.
 */
export function useFocusTarget() {
  const element = useRef<HTMLElement | null>(null);
  const [requests, setRequests] = useState(0);

  useEffect(() => {
    if (requests > 0) focusInto(element.current);
  }, [requests]);

  const ref = useCallback((node: HTMLElement | null) => {
    element.current = node;
  }, []);
  return { ref, focus: () => setRequests((count) => count + 1) };
}

/**
 * Focus back to whatever had it when a dialog opened. Radix gives it back to the dialog's
 * Trigger, and dialogs opened from state (a banner's button, another dialog) have none.
 * Call it in a component mounted as the dialog opens, and pass the result as
 * DialogContent's `onCloseAutoFocus`.
 */
export function useReturnFocus(): (event: Event) => void {
  const opener = useRef<HTMLElement | null>(null);
  // Before the dialog's own effects move focus inside it.
  useLayoutEffect(() => {
    if (document.activeElement instanceof HTMLElement) {
      opener.current = document.activeElement;
    }
  }, []);
  return useCallback((event: Event) => {
    event.preventDefault();
    // An opener the dialog's action removed (a list row's button): whoever removed it
    // has sent focus on already.
    if (opener.current?.isConnected) opener.current.focus();
  }, []);
}
