import type { XmlElement } from "./xml-dom.ts";

/** UBL 2.1 namespace URIs (NOTES §2.1). Prefixes vary between senders; these do not. */
const UBL = "urn:oasis:names:specification:ubl:schema:xsd:";
export const CBC = `${UBL}CommonBasicComponents-2`;
export const CAC = `${UBL}CommonAggregateComponents-2`;
export const EXT = `${UBL}CommonExtensionComponents-2`;

export const ROOT_NAMESPACES = {
  AttachedDocument: `${UBL}AttachedDocument-2`,
  Invoice: `${UBL}Invoice-2`,
  CreditNote: `${UBL}CreditNote-2`,
  DebitNote: `${UBL}DebitNote-2`,
  ApplicationResponse: `${UBL}ApplicationResponse-2`,
} as const;

export type RootKind = keyof typeof ROOT_NAMESPACES;

/** The UBL document an element is the root of, or null for any other XML. */
export function rootKind(root: XmlElement): RootKind | null {
  for (const [kind, ns] of Object.entries(ROOT_NAMESPACES)) {
    if (root.local === kind && root.ns === ns) return kind as RootKind;
  }
  return null;
}

/** A path step: `cbc:Name` or `cac:Name`. */
type Step = `${"cbc" | "cac" | "ext"}:${string}`;

const PREFIXES: Record<string, string> = { cbc: CBC, cac: CAC, ext: EXT };

function matches(element: XmlElement, step: Step): boolean {
  const [prefix = "", local] = step.split(":");
  return element.local === local && element.ns === PREFIXES[prefix];
}

/** Every element reached by following the steps from `from`, in document order. */
export function all(from: XmlElement | null | undefined, ...steps: Step[]): XmlElement[] {
  let current: XmlElement[] = from ? [from] : [];
  for (const step of steps) {
    current = current.flatMap((element) =>
      element.elements.filter((child) => matches(child, step)),
    );
  }
  return current;
}

/** The first element reached by following the steps, or null. */
export function first(from: XmlElement | null | undefined, ...steps: Step[]): XmlElement | null {
  return all(from, ...steps)[0] ?? null;
}

/** The trimmed text of the first element reached, or null when absent or empty. */
export function text(from: XmlElement | null | undefined, ...steps: Step[]): string | null {
  return textOf(steps.length ? first(from, ...steps) : (from ?? null));
}

/** An element's trimmed text; DIAN's pretty-printed examples carry CRLF and tabs inside values. */
export function textOf(element: XmlElement | null): string | null {
  const value = element?.text.trim();
  return value ? value : null;
}

/** A trimmed attribute value, or null when absent or empty. */
export function attr(element: XmlElement | null, name: string): string | null {
  const value = element?.attrs[name]?.trim();
  return value ? value : null;
}

/** The first descendant with this local name, any namespace (DianExtensions has three URIs). */
export function findByLocalName(from: XmlElement, local: string): XmlElement | null {
  for (const child of from.elements) {
    if (child.local === local) return child;
    const found = findByLocalName(child, local);
    if (found) return found;
  }
  return null;
}
