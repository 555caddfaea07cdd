// @ts-check
// The glossary's tooltips, made when a reader points at a term, not when the page loads.
//
// Every use of a glossary term is an `<abbr title="definition">`; the build marks each
// `data-preview` (kmf_site/plugin/build.py, tooltips_on_demand), which Material's bundle skips when
// it mounts its own tooltips: mounting one per term (168 on concepts) was a long task on a phone.
// This shows Material's very tooltip (its markup and classes, so its CSS places and styles it) for
// one term at a time, from listeners on the document: pointing at a term (a mouse over it, a tap
// on a touch screen) or focusing it shows its definition; moving away, tapping elsewhere, Escape
// or the next page hides it. While shown, the term is described by it (aria-describedby) and
// lends it its title (the browser's own tooltip would show the same text a second time).
import { el } from "./dom.js";

const TERM = "abbr[data-preview]";
const ID = "kmf-tooltip";

/** @type {{host: HTMLElement, title: string, node: HTMLElement} | null} */
let shown = null;
let listening = false;

/** @param {EventTarget | null} target */
function termOf(target) {
  const term = target instanceof Element ? target.closest(TERM) : null;
  return term instanceof HTMLElement && (term === shown?.host || term.title) ? term : null;
}

/** @param {HTMLElement} host */
function show(host) {
  if (shown?.host === host) return;
  hide();
  const title = host.title;
  const node = el("div", "md-tooltip2");
  node.id = ID;
  node.setAttribute("role", "tooltip");
  const inner = el("div", "md-tooltip2__inner md-typeset", title);
  node.append(inner);
  host.removeAttribute("title");
  host.setAttribute("aria-describedby", ID);
  document.body.append(node);
  // Material's placement: under the term, centred on it, kept inside the viewport by its CSS
  const box = host.getBoundingClientRect();
  const place = {
    "--md-tooltip-host-x": `${box.left + window.scrollX}px`,
    "--md-tooltip-host-y": `${box.top + window.scrollY}px`,
    "--md-tooltip-x": `${box.width / 2}px`,
    "--md-tooltip-y": `${8 + box.height}px`,
    "--md-tooltip-width": `${inner.getBoundingClientRect().width}px`,
    "--md-tooltip-tail": "0px",
  };
  for (const [name, value] of Object.entries(place)) node.style.setProperty(name, value);
  node.classList.add("md-tooltip2--bottom");
  shown = { host, title, node };
  // in the next frame, so it fades in as Material's does
  requestAnimationFrame(() => shown?.node === node && node.classList.add("md-tooltip2--active"));
}

function hide() {
  if (!shown) return;
  const { host, title, node } = shown;
  shown = null;
  host.title = title;
  host.removeAttribute("aria-describedby");
  node.classList.remove("md-tooltip2--active");
  setTimeout(() => node.remove(), 250); // after its fade
}

function listen() {
  listening = true;
  document.addEventListener("pointerover", (event) => {
    const term = termOf(event.target);
    if (term) show(term);
  });
  document.addEventListener("pointerout", (event) => {
    if (shown && termOf(event.target) === shown.host && !shown.host.contains(/** @type {Node | null} */ (event.relatedTarget))) {
      if (event.pointerType === "mouse") hide(); // a finger lifted leaves it shown until the next tap
    }
  });
  document.addEventListener("pointerdown", (event) => {
    if (shown && termOf(event.target) !== shown.host) hide();
  });
  document.addEventListener("focusin", (event) => {
    const term = termOf(event.target);
    if (term) show(term);
  });
  document.addEventListener("focusout", (event) => {
    if (shown && termOf(event.target) === shown.host) hide();
  });
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape") hide();
  });
  window.addEventListener("resize", hide);
}

/**
 * Called on every page view: listens once, and hides a tooltip the page before left open.
 * @param {ParentNode} _root
 */
export function mount(_root) {
  if (!listening) listen();
  hide();
}
