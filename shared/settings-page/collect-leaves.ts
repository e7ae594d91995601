/**
 * Turns a rendered page into text leaves for the readers: each element's own text, in document
 * order, and radio buttons or switches with their state. Uses only the root node it is given (no
 * window or document globals), so a unit test can hand it a happy-dom tree.
 */
import type { TextLeaf } from "./types.ts";

const SKIPPED = new Set(["SCRIPT", "STYLE", "NOSCRIPT", "TEMPLATE", "SVG"]);
const CHOICE_ROLES = new Set(["radio", "switch", "checkbox", "menuitemradio"]);

/** Hidden elements (display: none or [hidden]) hold no visible values. */
function isHidden(el: Element): boolean {
  if (el.hasAttribute("hidden") || el.getAttribute("aria-hidden") === "true") return true;
  const style = el.ownerDocument.defaultView?.getComputedStyle(el);
  return style?.display === "none" || style?.visibility === "hidden";
}

function choiceLeaf(el: Element): TextLeaf<Element> | null {
  const role = el.getAttribute("role");
  const input = el.tagName === "INPUT" ? (el as HTMLInputElement) : null;
  if (input && (input.type === "radio" || input.type === "checkbox")) {
    const label = input.labels?.[0]?.textContent ?? input.getAttribute("aria-label") ?? "";
    return { text: label, ref: input.labels?.[0] ?? input, checked: input.checked };
  }
  if (role && CHOICE_ROLES.has(role)) {
    const text = el.getAttribute("aria-label") ?? el.textContent ?? "";
    return { text, ref: el, checked: el.getAttribute("aria-checked") === "true" };
  }
  return null;
}

/** The element's own text: its text children joined, not its descendants'. */
function ownText(el: Element): string {
  let text = "";
  for (const node of el.childNodes) if (node.nodeType === 3) text += node.textContent;
  return text;
}

export function collectLeaves(root: Element): TextLeaf<Element>[] {
  const leaves: TextLeaf<Element>[] = [];
  const labelsOfChoices = new Set<Element>();

  const visit = (el: Element) => {
    if (SKIPPED.has(el.tagName.toUpperCase()) || isHidden(el)) return;
    const choice = choiceLeaf(el);
    if (choice) {
      leaves.push(choice);
      labelsOfChoices.add(choice.ref);
      if (el.getAttribute("role")) return;
    }
    if (!labelsOfChoices.has(el)) {
      const text = ownText(el);
      if (text.trim() !== "") leaves.push({ text, ref: el });
    }
    for (const child of el.children) visit(child);
  };
  visit(root);
  return leaves;
}
