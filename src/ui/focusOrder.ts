// Keyboard focus order: the page's focusable elements in document order, and moving focus out of a widget that keeps Tab.

const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), select:not([disabled]), ' +
  'textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/** Every element Tab can reach now, in document order (visible ones only). */
export function focusables(root: ParentNode = document): HTMLElement[] {
  return [...root.querySelectorAll<HTMLElement>(FOCUSABLE)].filter(
    (el) => el.tabIndex >= 0 && el.checkVisibility?.() !== false && !el.closest('[inert], dialog:not([open])'),
  );
}

/**
 * Moves the focus to the first focusable element after (or, `back`, before) `container`, as Tab would if
 * `container` kept no Tab for itself (Monaco's editor does: Tab indents there). Returns whether it moved.
 */
export function focusPast(container: Element, back = false): boolean {
  const all = focusables();
  const outside = all.filter((el) => !container.contains(el));
  const after = (el: HTMLElement) => !!(container.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING);
  const target = back ? outside.filter((el) => !after(el)).at(-1) : outside.find(after);
  const next = target ?? (back ? outside.at(-1) : outside[0]);
  if (!next) return false;
  next.focus();
  return true;
}
