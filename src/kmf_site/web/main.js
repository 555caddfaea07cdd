// @ts-check
// Entry point: mount the widgets on every page view. Material's instant navigation keeps this
// module (and so the Python worker) alive across pages and announces each page on `document$`.
//
// It is also the front end's public API for a course's own widgets (the plugin's `widgets`
// folder; examples/README.md, "Your own widgets"): a course module imports this file by its URL
// in the site (`../kmf/main.js` from assets/course/), so it shares this module and its one Python
// worker, and calls `register(mount)` to be mounted like the widgets below.
import { mount as mountRunnables, stopAll } from "./runner.js";
import { mount as mountQuizzes } from "./quiz.js";
import { mount as mountExercises } from "./exercise.js";
import { mount as mountHub } from "./hub.js";
import { mount as mountNotebook } from "./notebook.js";
import { mount as mountModes } from "./modes.js";
import { mount as mountReading } from "./reading.js";
// Imported statically on purpose: a module that reaches python.js from a lazily loaded chunk makes
// esbuild move python.js into a shared chunk, and its worker URL (beside import.meta.url) breaks.
import { mount as mountTrace } from "./trace.js";
import { mount as mountPlayground } from "./playground.js";
import { mount as mountTooltips } from "./tooltips.js";
import { registerServiceWorker, checkForUpdate } from "./offline.js";
import { nextTask } from "./dom.js";

// ------------------------------------------------------------------ the public API
export { runPython, startPython, startPythonWhenIdle, DEFAULT_TIMEOUT } from "./python.js";
export { report, forget, read } from "./progress.js";
export { load, save, update, remove, onChange, union, maxima, newest, isRecord } from "./store.js";
export { el, button, confirmInline, setUnavailable, isUnavailable, showScrolling, whenIdle, colorScheme, onColorScheme } from "./dom.js";

/** @typedef {(root: ParentNode) => void} Mount  makes the widgets under `root` live; called on every page view, so it skips what it mounted before (data-kmf-mounted) */

/** The widgets mounted on every page view, in order: the plugin's, then the course's. */
/** @type {Mount[]} */
const mounts = [mountRunnables, mountQuizzes, mountExercises, mountHub, mountReading, mountNotebook, mountTrace, mountPlayground, mountTooltips];
/** @type {Mount[]} hub last: it shows what the widgets before it reported on this page view */
const last = [mountModes];

let pages = 0;

/** @param {Mount} mount */
function safely(mount) {
  try {
    mount(document);
  } catch (error) {
    console.error(error);
  }
}

/**
 * Mount a course's widget on every page view: now, when the page is already shown, and on each
 * page Material's instant navigation brings in later.
 * @param {Mount} mount
 */
export function register(mount) {
  mounts.push(mount);
  if (pages) safely(mount);
}

// Not before the page has started up: a service worker installed on a first visit takes over the
// page and then carries (and stores) every file Python's start-up fetches, which on two cores held
// that start-up back by about 0.2 s. It stores them from the HTTP cache later, while Python is quiet.
registerServiceWorker();

// Material gives every code block's copy-button bar a <nav> with no name; many unnamed navigation
// landmarks make a screen reader's landmark list useless. Name each after its block.
function nameCodeNavs() {
  document.querySelectorAll("nav.md-code__nav:not([aria-label])").forEach((nav, index) => {
    nav.setAttribute("aria-label", `Code block ${index + 1} actions`);
  });
}

let view = 0;

async function mountAll() {
  // A program still running belongs to the page the reader just left: stop it.
  if (pages++) {
    stopAll();
    checkForUpdate();
  }
  const now = ++view;
  setTimeout(nameCodeNavs, 0);
  document.querySelector(".md-search[role=dialog]:not([aria-label])")?.setAttribute("aria-label", "Search");
  // Each widget in a task of its own, after Material's: Material calls this from its own
  // page-load task (its components' set-up, about 100 ms with a phone's CPU), and this page's
  // widgets made in the same task (a lesson's steps, a quiz) made it one long task. A page the
  // reader left meanwhile (instant navigation) is not mounted further: the next view mounts its own.
  for (const mount of [...mounts, ...last]) {
    await nextTask();
    if (now !== view) return;
    safely(mount);
  }
}

/** Material's page-view observable, when the page is Material's */
const documents = /** @type {{document$?: {subscribe?: (callback: () => void) => void}}} */ (globalThis).document$;
/** mountAll's promise is its own: a widget's error is logged by safely() */
const mountPage = () => void mountAll();
if (documents?.subscribe) documents.subscribe(mountPage);
else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mountPage);
else mountPage();
