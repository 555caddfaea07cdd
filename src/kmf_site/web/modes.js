// The ten learning modes and the hub (/) that lists them.
//
// Each mode's page saves a one-line summary of its progress with `saveMode(slug, done, text)`
// (store key "mode:<slug>", see the modes convention); the hub's cards show it and count the modes
// done. The modes that existed before that convention have no such key, so the hub reads their
// own saved state instead: the guided steps ("steps"), Practice ("quiz:practice:<id>") and the
// Test's best score ("test:test:best"). A "mode:<slug>" key, once a page writes one, wins.
//
// A page can also be "done" by being read: an element with data-kmf-mode-read="<slug>" near its
// end marks that mode done when it scrolls into view (and the cheat sheet when it is printed).
import { keys, load, save } from "./store.js";
import { withOncall } from "./oncall.js"; // the Lab card also counts the on-call scenarios played

const isObject = (v) => v !== null && typeof v === "object" && !Array.isArray(v);
const validMode = (v) => isObject(v) && typeof v.done === "boolean" && typeof v.text === "string" && v.text.length <= 200;

/** Save a mode's progress for the hub: done (a boolean) and a short text such as "3 of 5 fixed". */
export function saveMode(slug, done, text) {
  save(`mode:${slug}`, { done: Boolean(done), text: String(text).slice(0, 200) });
}

export function loadMode(slug) {
  return load(`mode:${slug}`, validMode);
}

// What the hub shows for the modes that keep their own state (total: from the card's data-kmf-total).
const LEGACY = {
  "see-it-in-action"(total) {
    // exercise.js keeps the steps under "exercises:<page>" (before: "steps", moved on the next visit)
    const state = load("exercises:see-it-in-action", isObject) ?? load("steps", isObject);
    if (!state) return null;
    const passed = isObject(state.passed) ? state.passed : {};
    const n = Array.from({ length: total }, (_, i) => passed[i + 1] === true).filter(Boolean).length;
    return { done: n >= total, text: `${n} of ${total} steps` };
  },
  practice(total) {
    const answered = keys("quiz:practice:").filter((key) => load(key, (v) => isObject(v) && v.checked === true)).length;
    if (!answered) return null;
    const n = Math.min(answered, total);
    return { done: n >= total, text: `${n} of ${total} questions answered` };
  },
  test() {
    const best = load("test:test:best", (v) => isObject(v) && Number.isInteger(v.score) && Number.isInteger(v.total));
    return best ? { done: true, text: `Best score ${best.score} / ${best.total}` } : null;
  },
};

function progressOf(slug, total) {
  const progress = loadMode(slug) ?? LEGACY[slug]?.(total) ?? null;
  return slug === "lab" ? withOncall(progress) : progress;
}

function renderHub(hub) {
  const links = [...hub.querySelectorAll("a[data-kmf-mode]")];
  let done = 0;
  for (const link of links) {
    const card = link.closest("li") ?? link.parentElement;
    let mark = card.querySelector(".kmf-mode__progress");
    if (!mark) {
      mark = document.createElement("span"); // on the card's "25 min" line
      mark.className = "kmf-mode__progress";
      (card.querySelector(".kmf-mode__time") ?? card).append(mark);
    }
    const progress = progressOf(link.dataset.kmfMode, Number(link.dataset.kmfTotal) || 1);
    card.classList.toggle("kmf-mode--done", Boolean(progress?.done));
    card.classList.toggle("kmf-mode--started", Boolean(progress && !progress.done));
    if (progress?.done) done++;
    const label = document.createElement("span");
    label.className = "kmf-mode__state";
    label.textContent = progress?.done ? "Done" : progress ? "In progress" : "Not started";
    if (progress?.done) {
      const tick = document.createElement("span");
      tick.setAttribute("aria-hidden", "true");
      tick.textContent = "✓ ";
      label.prepend(tick);
    }
    mark.replaceChildren(document.createTextNode(" · "), label);
    if (progress?.text) mark.append(document.createTextNode(` · ${progress.text}`));
  }
  const summary = hub.querySelector("[data-kmf-modes-summary]");
  if (summary) {
    summary.textContent = `${done} of ${links.length} modes done`;
    summary.hidden = false;
  }
}

function mountReadMarks(root) {
  for (const mark of root.querySelectorAll("[data-kmf-mode-read]:not([data-kmf-mounted])")) {
    mark.dataset.kmfMounted = "true";
    const slug = mark.dataset.kmfModeRead;
    const read = (text) => {
      if (!loadMode(slug)?.done) saveMode(slug, true, text);
    };
    // Reached once its top is above the bottom of the window, however the reader got there (a
    // jump with End skips past it without it ever intersecting the viewport).
    const check = () => {
      if (!mark.isConnected) return window.removeEventListener("scroll", onScroll);
      if (mark.getBoundingClientRect().top > window.innerHeight) return;
      window.removeEventListener("scroll", onScroll);
      read("Read to the end");
    };
    let queued = false;
    const onScroll = () => {
      if (queued) return;
      queued = true;
      requestAnimationFrame(() => {
        queued = false;
        check();
      });
    };
    window.addEventListener("scroll", onScroll, { passive: true });
    onScroll();
    if ("kmfPrintDone" in mark.dataset) {
      const printed = () => (mark.isConnected ? read("Printed") : window.removeEventListener("beforeprint", printed));
      window.addEventListener("beforeprint", printed);
    }
  }
}

export function mount(root) {
  mountReadMarks(root);
  for (const hub of root.querySelectorAll("[data-kmf-hub]")) renderHub(hub);
}

// Progress changed elsewhere (Reset progress on this page, or another tab): show it.
const refresh = () => document.querySelectorAll("[data-kmf-hub]").forEach(renderHub);
document.addEventListener("kmf:progress-reset", refresh);
window.addEventListener("storage", refresh);
