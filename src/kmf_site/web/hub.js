// @ts-check
// The hub's "Reset progress": forgets every saved step, answer and score (after a confirmation).
import { clearAll, count } from "./store.js";
import { all, button as makeButton, el } from "./dom.js";

/** @param {ParentNode} root */
export function mount(root) {
  for (const slot of all(root, "[data-kmf-reset-progress]:not([data-kmf-mounted])")) {
    slot.dataset.kmfMounted = "true";
    const button = makeButton("Reset progress");
    const status = el("p", "kmf-status");
    status.setAttribute("role", "status");
    const describe = () => {
      const saved = count();
      status.textContent = saved ? "Your progress is saved in this browser." : "Nothing is saved yet.";
    };
    button.addEventListener("click", () => {
      if (!count()) return describe();
      if (!window.confirm("Forget your progress in every mode (steps, answers, scores, saved code) on this device?")) return;
      clearAll();
      document.dispatchEvent(new CustomEvent("kmf:progress-reset"));
      status.textContent = "Progress reset: every step, answer and score is forgotten.";
    });
    slot.append(button, status);
    describe();
  }
}
