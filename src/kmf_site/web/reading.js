// @ts-check
// A page that is done by being read: an element with data-kmf-mode-read="<mode>" near its end
// marks that mode done once the reader has reached every section before it (each h2 and what
// follows it, on screen for a few seconds in all), or answered the section's quick check (quiz.js's
// "kmf:answered" event); the sections reached are saved ("read:<mode>"), so reading over several
// visits counts. With data-kmf-print-done the mode is also done when the page is printed. The
// mode's progress goes to the hub through progress.js.
import { isRecord, load, union, update } from "./store.js";
import { report } from "./progress.js";

const DWELL_MS = 2000; // on screen this long in all, a section counts as reached

/** @typedef {{sections: Record<string, boolean>}} ReadRecord */

/** @param {unknown} v @returns {v is ReadRecord} */
const validRead = (v) => isRecord(v) && isRecord(v.sections);

/**
 * The page's sections before `mark`: each h2 and the elements up to the next h2.
 * @param {HTMLElement} mark
 * @returns {HTMLElement[][]}
 */
function sectionsBefore(mark) {
  const article = mark.closest("article") ?? document.body;
  const sections = [];
  for (const heading of article.querySelectorAll("h2")) {
    if (!(heading.compareDocumentPosition(mark) & Node.DOCUMENT_POSITION_FOLLOWING)) break;
    /** @type {HTMLElement[]} */
    const parts = [heading];
    for (let node = heading.nextElementSibling; node instanceof HTMLElement && node.tagName !== "H2" && node !== mark; node = node.nextElementSibling) parts.push(node);
    sections.push(parts);
  }
  return sections;
}

/** @param {ParentNode} root */
export function mount(root) {
  for (const mark of root.querySelectorAll("[data-kmf-mode-read]:not([data-kmf-mounted])")) {
    if (mark instanceof HTMLElement) watch(mark);
  }
}

/** @param {HTMLElement} mark */
function watch(mark) {
  mark.dataset.kmfMounted = "true";
  const mode = mark.dataset.kmfModeRead ?? "";
  const sections = sectionsBefore(mark);
  const readKey = `read:${mode}`;
  const saved = /** @type {ReadRecord | null} */ (load(readKey, validRead));
  const reached = new Set(Object.keys(saved?.sections ?? {}).map(Number).filter((i) => i < sections.length));
  const total = sections.length;
  /** @type {IntersectionObserver | null} */
  let observer = null;
  /** @param {number} index */
  const reach = (index) => {
    if (reached.has(index)) return;
    reached.add(index);
    update(readKey, (before) => ({ sections: union(before?.sections, Object.fromEntries([...reached].map((i) => [i, true]))) }), validRead);
    const n = reached.size;
    report(mode, { done: n >= total, count: n, text: n >= total ? "Read every section" : `Read ${n} of ${total} sections` });
    if (n >= total) observer?.disconnect();
  };
  // Time on screen per section: any of its parts intersecting the viewport counts.
  const visible = sections.map(() => new Set());
  const since = sections.map(() => 0);
  const spent = sections.map(() => 0);
  const timers = sections.map(() => 0);
  if (total && "IntersectionObserver" in window) {
    observer = new IntersectionObserver((entries) => {
      if (!mark.isConnected) return observer?.disconnect();
      const now = performance.now();
      for (const entry of entries) {
        // entry.time: when the change happened (on a busy page the callback comes later)
        const index = Number(/** @type {HTMLElement} */ (entry.target).dataset.kmfSection);
        const wasVisible = visible[index].size > 0;
        if (entry.isIntersecting) visible[index].add(entry.target);
        else visible[index].delete(entry.target);
        const isVisible = visible[index].size > 0;
        if (isVisible && !wasVisible) {
          since[index] = entry.time;
          timers[index] = window.setTimeout(() => reach(index), Math.max(0, DWELL_MS - spent[index] - (now - entry.time)));
        } else if (!isVisible && wasVisible) {
          spent[index] += entry.time - since[index];
          clearTimeout(timers[index]);
          if (spent[index] >= DWELL_MS) reach(index);
        }
      }
    });
  }
  sections.forEach((parts, index) => {
    if (reached.has(index)) return;
    for (const part of parts) {
      part.dataset.kmfSection = String(index);
      observer?.observe(part);
      // the section's quick check answered (with an answer chosen): it was read
      part.addEventListener("kmf:answered", () => reach(index));
    }
  });
  if (!total) {
    // a page without sections: reached once the mark itself has been on screen
    const once = new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting)) {
        once.disconnect();
        report(mode, { done: true, count: 1, text: "Read to the end" });
      }
    });
    once.observe(mark);
  }
  if ("kmfPrintDone" in mark.dataset) {
    const printed = () => {
      if (mark.isConnected) report(mode, { done: true, count: total, text: "Printed" });
      else window.removeEventListener("beforeprint", printed);
    };
    window.addEventListener("beforeprint", printed);
  }
}
