// @ts-check
// The hub's cards (data-kmf-hub): each card's link names its mode (data-kmf-mode), and the card
// shows that mode's progress as progress.js gives it ("Done", "In progress · 3 of 5 fixed", "Not
// started"); the hub counts the modes done. It only reads progress: each mode's page reports its
// own (CONTRIBUTING.md, "How a mode reports progress"). The card's data-kmf-kind, data-kmf-total
// and data-kmf-saved-before (the build reads them from the linked page) are only for progress
// saved before progress.js, which `read` moves in on the first visit.
import { onProgress, read } from "./progress.js";
import { el } from "./dom.js";

/**
 * What the hub shows for the mode of `link`.
 * @param {HTMLElement} link
 */
function progressOf(link) {
  const { kmfMode: mode = "", kmfKind: kind, kmfSavedBefore: savedBefore } = link.dataset;
  return read(mode, { kind, total: Number(link.dataset.kmfTotal) || 1, savedBefore });
}

/** @param {Element} hub */
function renderHub(hub) {
  const links = [...hub.querySelectorAll("a[data-kmf-mode]")].filter((link) => link instanceof HTMLElement);
  let done = 0;
  for (const link of links) {
    const card = link.closest("li") ?? link.parentElement ?? link;
    let mark = card.querySelector(".kmf-mode__progress");
    if (!mark) {
      mark = el("span", "kmf-mode__progress"); // on the card's "25 min" line
      (card.querySelector(".kmf-mode__time") ?? card).append(mark);
    }
    const progress = progressOf(link);
    card.classList.toggle("kmf-mode--done", Boolean(progress?.done));
    card.classList.toggle("kmf-mode--started", Boolean(progress && !progress.done));
    if (progress?.done) done++;
    const label = el("span", "kmf-mode__state", progress?.done ? "Done" : progress ? "In progress" : "Not started");
    if (progress?.done) {
      const tick = el("span", "", "✓ ");
      tick.setAttribute("aria-hidden", "true");
      label.prepend(tick);
    }
    mark.replaceChildren(document.createTextNode(" · "), label);
    if (progress?.text) mark.append(document.createTextNode(` · ${progress.text}`));
  }
  const summary = hub.querySelector("[data-kmf-modes-summary]");
  if (summary instanceof HTMLElement) {
    summary.textContent = `${done} of ${links.length} modes done`;
    summary.hidden = false;
  }
}

/** @param {ParentNode} root */
export function mount(root) {
  for (const hub of root.querySelectorAll("[data-kmf-hub]")) renderHub(hub);
}

// Progress changed elsewhere (Reset progress on this page, or another tab): show it.
onProgress(() => document.querySelectorAll("[data-kmf-hub]").forEach(renderHub));
