// @ts-check
// The notebook page (/notebook/, rendered by mkdocs-jupyter): every code cell becomes a runnable
// widget (editor, Run, Stop, Reset, Output) and "Run all" runs them in order. All cells run in
// one namespace of the Python worker (the run API's `session`), as in Jupyter; "Run all" starts
// a fresh one, like Jupyter's "Restart and run all". The stored outputs stay visible until a
// cell runs. Without JavaScript the page is the notebook as Jupyter shows it.
//
// Progress for the hub: progress.js, mode "notebook" ("5 of 7 cells run").
import { createRunnable, onRan } from "./runner.js";
import { startPythonWhenIdle, DEFAULT_TIMEOUT } from "./python.js";
import { report } from "./progress.js";
import { all, button, el, find } from "./dom.js";

/** @typedef {import("./runner.js").Outcome} Outcome */
/** @typedef {{number: number, container: HTMLElement, widget: import("./runner.js").Runnable, stored: HTMLElement | null}} Cell */

let notebooks = 0;

/** @param {ParentNode} root */
export function mount(root) {
  for (const wrapper of all(root, ".jupyter-wrapper:not([data-kmf-mounted])")) {
    wrapper.dataset.kmfMounted = "true";
    try {
      new Notebook(wrapper);
    } catch (error) {
      console.error(error);
    }
  }
}

class Notebook {
  /** @param {HTMLElement} wrapper  mkdocs-jupyter's page of cells */
  constructor(wrapper) {
    this.id = ++notebooks;
    this.runs = 0;
    this.session = this.newSession();
    this.done = new Set(); // cells that ran without an error in this session
    this.running = false;
    this.cells = all(wrapper, ".kmf-nb-input").map((input, index) => this.cell(input, index + 1));
    this.bar = find(wrapper, ".kmf-nb-bar") ?? wrapper.insertBefore(el("div", "kmf-nb-bar"), wrapper.firstChild);
    this.runAll = button("Run all", "md-button--primary kmf-nb-run-all");
    this.runAll.addEventListener("click", () => this.runEverything());
    this.status = el("p", "kmf-status kmf-nb-status");
    this.status.setAttribute("role", "status");
    this.bar.prepend(this.runAll);
    this.bar.after(this.status);
    const first = this.cells[0]?.container;
    if (first) {
      const observer = new IntersectionObserver((entries) => {
        if (!entries.some((entry) => entry.isIntersecting)) return;
        observer.disconnect();
        startPythonWhenIdle();
      });
      observer.observe(first);
    }
  }

  newSession() {
    return `notebook-${this.id}-${++this.runs}-${Date.now()}`;
  }

  /**
   * One code cell as a runnable widget.
   * @param {HTMLElement} input  the cell's input area
   * @param {number} number  1-based
   * @returns {Cell}
   */
  cell(input, number) {
    const source = input.querySelector(".clipboard-copy-txt");
    const staticView = find(input, ".highlight");
    const code = (source?.textContent ?? staticView?.textContent ?? "").replace(/\n$/, "");
    source?.remove();
    const jpCell = input.closest(".jp-CodeCell");
    const stored = jpCell ? find(jpCell, ".jp-Cell-outputWrapper") : null;
    const container = el("div", "kmf-nb-cell");
    input.prepend(container);
    if (staticView) container.append(staticView);
    const widget = createRunnable(container, {
      code,
      filename: `cell ${number}`,
      label: `cell ${number}`,
      staticView,
      session: () => this.session,
    });
    widget.output.dataset.placeholder = "This cell printed nothing.";
    onRan(container, (outcome) => this.ran(number, outcome));
    return { number, container, widget, stored };
  }

  /**
   * @param {number} number
   * @param {Outcome} outcome
   */
  ran(number, outcome) {
    const cell = this.cells[number - 1];
    cell.container.classList.add("kmf-nb-ran");
    if (cell.stored) cell.stored.hidden = true; // the live output replaces the stored one
    if (outcome.status === "ok") this.done.add(number);
    else this.done.delete(number);
    if (outcome.how === "restarted") {
      // a new interpreter has none of the cells' variables
      this.session = this.newSession();
      this.done.clear();
      this.status.textContent = "Python was restarted, so the variables of earlier cells are gone: press Run all.";
    }
    this.saveProgress();
  }

  saveProgress() {
    const n = this.cells.length;
    // never goes back on the hub: "7 of 7" stays Done after one cell is run again (progress.js)
    report("notebook", { done: this.done.size === n, count: this.done.size, text: `${this.done.size} of ${n} cells run` });
  }

  async runEverything() {
    if (this.running) return;
    this.running = true;
    this.runAll.disabled = true;
    this.session = this.newSession(); // a fresh namespace: the cells run as from a new kernel
    this.done.clear();
    const started = performance.now();
    let failed = null;
    for (const cell of this.cells) {
      this.status.textContent = `Running cell ${cell.number} of ${this.cells.length}…`;
      const outcome = await cell.widget.run();
      if (!outcome || outcome.status !== "ok") {
        failed = { cell, outcome };
        break;
      }
    }
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    if (failed) {
      // (a time limit said "it was timeout", a failed start "it was failed")
      const limit = Number(failed.cell.container.dataset.timeout) || DEFAULT_TIMEOUT;
      /** @type {Record<string, string>} */
      const reasons = {
        error: "it raised an error (see its output)",
        stopped: "it was stopped",
        timeout: `it ran past its time limit of ${limit} s`,
      };
      const why = !failed.outcome
        ? "it was already running"
        : reasons[failed.outcome.status ?? ""] ?? (failed.outcome.message || "Python could not run it").replace(/\.$/, "");
      this.status.textContent = `Run all stopped at cell ${failed.cell.number}: ${why}.`;
      failed.cell.container.scrollIntoView({ block: "center" });
    } else {
      this.status.textContent = `Ran all ${this.cells.length} cells in order without an error (${seconds} s).`;
    }
    this.runAll.disabled = false;
    this.running = false;
  }
}
