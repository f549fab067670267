// Browser APIs jsdom does not have and the UI kits use: stand-ins that do the least a
// browser would, so components render; behaviour is asserted elsewhere, not here.

if (!window.matchMedia) {
  window.matchMedia = (query: string): MediaQueryList => ({
    matches: false,
    media: query,
    onchange: null,
    addListener: () => {},
    removeListener: () => {},
    addEventListener: () => {},
    removeEventListener: () => {},
    dispatchEvent: () => false,
  });
}

if (!window.ResizeObserver) {
  window.ResizeObserver = class {
    observe() {}
    unobserve() {}
    disconnect() {}
  };
}

// input-otp asks where its caret is drawn.
if (!document.elementFromPoint) {
  document.elementFromPoint = () => null;
}

if (!Element.prototype.scrollIntoView) {
  Element.prototype.scrollIntoView = () => {};
}

// <dialog>: jsdom knows the element but not its modal methods. Like a browser, opening
// it moves focus inside unless something inside has it already.
if (!HTMLDialogElement.prototype.showModal) {
  HTMLDialogElement.prototype.showModal = function showModal(
    this: HTMLDialogElement,
  ) {
    this.open = true;
    if (this.contains(document.activeElement)) return;
    this.querySelector<HTMLElement>(
      "button:not(:disabled), input:not(:disabled), [tabindex]",
    )?.focus();
  };
  HTMLDialogElement.prototype.close = function close(this: HTMLDialogElement) {
    this.open = false;
    this.dispatchEvent(new Event("close"));
  };
}

if (!URL.createObjectURL) {
  URL.createObjectURL = () => "blob:two-factor-test";
  URL.revokeObjectURL = () => {};
}
