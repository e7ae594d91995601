/**
 * Marks the values Buzón found on a provider page: an outline and a small "Buzón" tag drawn in an
 * overlay of our own (a shadow root with pointer-events: none), so the page's elements, layout and
 * event handlers stay untouched.
 */
export const HIGHLIGHT_HOST = "buzon-highlights";

const STYLE = `
  :host { all: initial; position: absolute; top: 0; left: 0; width: 0; height: 0;
          z-index: 2147483647; pointer-events: none; }
  .box { position: absolute; outline: 2px solid #1565c0; outline-offset: 2px; border-radius: 2px; }
  .tag { position: absolute; top: 50%; left: 100%; margin-left: 6px; transform: translateY(-50%); padding: 0 4px; border-radius: 3px;
         background: #1565c0; color: #fff; font: 600 10px/14px system-ui, sans-serif; }
  .note { position: absolute; width: 300px; padding: 6px 8px; border-radius: 4px;
          background: #fff8e1; color: #4e342e; border: 1px solid #ffb300;
          font: 12px/1.4 system-ui, sans-serif; }
`;

export interface Highlighter {
  show(elements: Element[], note: string | null): void;
  clear(): void;
}

export function createHighlighter(doc: Document): Highlighter {
  let host: HTMLElement | null = null;
  let targets: Element[] = [];
  let note: string | null = null;
  const win = doc.defaultView!;

  const draw = () => {
    if (!host?.shadowRoot) return;
    const root = host.shadowRoot;
    for (const old of root.querySelectorAll(".box, .note")) old.remove();
    for (const target of targets) root.append(boxFor(doc, target, win));
    const last = targets.at(-1);
    if (note && last) root.append(noteBelow(doc, last, note, win));
  };

  const ensureHost = () => {
    if (host?.isConnected) return;
    host = doc.createElement(HIGHLIGHT_HOST);
    const root = host.attachShadow({ mode: "open" });
    const style = doc.createElement("style");
    style.textContent = STYLE;
    root.append(style);
    doc.documentElement.append(host);
    win.addEventListener("resize", draw, { passive: true });
    win.addEventListener("scroll", draw, { passive: true, capture: true });
  };

  return {
    show(elements, text) {
      targets = elements;
      note = text;
      ensureHost();
      draw();
    },
    clear() {
      targets = [];
      host?.remove();
      host = null;
      win.removeEventListener("resize", draw);
      win.removeEventListener("scroll", draw, { capture: true });
    },
  };
}

function place(el: HTMLElement, rect: DOMRect, win: Window): void {
  el.style.left = `${rect.left + win.scrollX}px`;
  el.style.top = `${rect.top + win.scrollY}px`;
  el.style.width = `${rect.width}px`;
  el.style.height = `${rect.height}px`;
}

function boxFor(doc: Document, target: Element, win: Window): HTMLElement {
  const box = doc.createElement("div");
  box.className = "box";
  place(box, target.getBoundingClientRect(), win);
  const tag = doc.createElement("span");
  tag.className = "tag";
  tag.textContent = "Buzón";
  box.append(tag);
  return box;
}

function noteBelow(doc: Document, target: Element, text: string, win: Window): HTMLElement {
  const rect = target.getBoundingClientRect();
  const note = doc.createElement("div");
  note.className = "note";
  note.textContent = text;
  // Beside the values, clear of their tags, so it hides none of the page's own controls below.
  note.style.left = `${rect.right + win.scrollX + 64}px`;
  note.style.top = `${rect.top + win.scrollY}px`;
  return note;
}
