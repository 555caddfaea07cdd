// Entry point: mount the widgets on every page view. Material's instant navigation keeps this
// module (and so the Python worker) alive across pages and announces each page on `document$`.
import { mount as mountRunnables } from "./runner.js";
import { mount as mountQuizzes } from "./quiz.js";
import { mount as mountSteps } from "./steps.js";

function mountAll() {
  for (const mount of [mountRunnables, mountQuizzes, mountSteps]) {
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
