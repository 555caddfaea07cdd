// Entry point: mount the widgets on every page view. Material's instant navigation keeps this
// module (and so the Python worker) alive across pages and announces each page on `document$`.
import { mount as mountRunnables, stopAll } from "./runner.js";
import { mount as mountQuizzes } from "./quiz.js";
import { mount as mountExercises } from "./exercise.js";
import { mount as mountHub } from "./hub.js";
import { mount as mountLab } from "./lab.js";
import { mount as mountOnCall } from "./oncall.js";
import { mount as mountNotebook } from "./notebook.js";
import { mount as mountModes } from "./modes.js";
// Imported statically on purpose: a module that reaches python.js from a lazily loaded chunk makes
// esbuild move python.js into a shared chunk, and its worker URL (beside import.meta.url) breaks.
import { mount as mountTrace } from "./trace.js";
import { mount as mountPlayground } from "./playground.js";
import { registerServiceWorker, checkForUpdate } from "./offline.js";

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

let pages = 0;

function mountAll() {
  // A program still running belongs to the page the reader just left: stop it.
  if (pages++) {
    stopAll();
    checkForUpdate();
  }
  setTimeout(nameCodeNavs, 0);
  document.querySelector(".md-search[role=dialog]:not([aria-label])")?.setAttribute("aria-label", "Search");
  const mounts = [mountRunnables, mountQuizzes, mountExercises, mountHub, mountModes, mountLab, mountOnCall, mountNotebook, mountTrace, mountPlayground];
  for (const mount of mounts) {
    try {
      mount(document);
    } catch (error) {
      console.error(error);
    }
  }
}

if (globalThis.document$?.subscribe) globalThis.document$.subscribe(mountAll);
else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mountAll);
else mountAll();
