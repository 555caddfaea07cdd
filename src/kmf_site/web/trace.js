// @ts-check
// Trace it (/trace/): every ```python {.kmf-trace} block becomes an editor (on demand) with Trace, Previous
// step, Next step and Run to end. Trace sends our tracer (src/kmf_site/trace.py, bundled as text)
// to the one Python worker as the program to run, followed by a call that traces the reader's
// code under its own file name; the run's `after` code reads the trace back as JSON. The page then
// steps through it without Python: the line about to run is marked in the editor and announced in
// a status ("Line 6: new_data = get_new_data()"), the variables of every frame are tables, and
// the output printed so far is a log. Without JavaScript the blocks stay highlighted code.
//
// State: localStorage[store.js PREFIX + "trace"] = {ended: {"<file>": true}} (programs traced to their last
// step); the hub hears of it through progress.js (mode "trace").
import { DEFAULT_TIMEOUT, runPython, startPython } from "./python.js";
import { isRecord, load, union, update } from "./store.js";
import { report } from "./progress.js";
import { all, button, el, offsetIn, handOver, pageIdle, setUnavailable, showScrolling, splitExpected, standIn, swapIn, whenIdle } from "./dom.js";
import { loadEditor } from "./editor_load.js";

const KEY = "trace";
const TRACE_FILE = "kmf_trace.py"; // the tracer's own name, should it ever fail

/**
 * The trace src/kmf_site/trace.py makes (its JSON):
 * @typedef {{name: string, line: number | null, vars: [string, string, string][]}} Frame  name, type, value
 * @typedef {object} Step
 * @property {"line" | "return" | "exception" | "end"} event
 * @property {number | null} line
 * @property {number} [to]  the last line of a statement over several lines
 * @property {Frame[]} stack
 * @property {number} out  how much of the output was printed by then (characters)
 * @property {string} [value]  a return's value
 * @property {string} [type]  its type
 * @property {string} [error]  what was raised
 * @property {"error" | "limit" | "exit" | "done"} [how]  how the program ended (the last step)
 * @typedef {{steps: Step[], output: [string, string][]}} Trace
 */

/** @type {Promise<{default: string}> | null} src/kmf_site/trace.py as text (esbuild's text loader), loaded on first use */
let tracerModule = null;

/**
 * The code the worker runs: the tracer, then a call on the reader's source (a JSON string is a
 * valid Python string literal, so the reader's text never leaves its string).
 * @param {string} source
 * @param {string} filename
 */
export async function tracerProgram(source, filename) {
  // (a .py module is text to esbuild; to tsc, the cast says so)
  const { default: tracer } = await (tracerModule ??= /** @type {Promise<{default: string}>} */ (import(/** @type {string} */ ("../trace.py"))));
  return `${tracer}\n_kmf_trace = trace_json(${JSON.stringify(source)}, ${JSON.stringify(filename)})\n`;
}


/** @returns {{ended: Record<string, true>}} */
function loadState() {
  const raw = load(KEY, isRecord);
  /** @type {Record<string, true>} */
  const ended = {};
  if (raw?.ended && typeof raw.ended === "object") {
    for (const [file, value] of Object.entries(raw.ended)) if (value === true && file.length < 200) ended[file] = true;
  }
  return { ended };
}

/** @param {ParentNode} root */
export function mount(root) {
  const blocks = all(root, "div.highlight.kmf-trace:not([data-kmf-mounted])");
  if (!blocks.length) return;
  const files = blocks.map((block) => block.querySelector(".filename")?.textContent.trim() || "main.py");
  const progress = () => {
    const { ended } = loadState();
    const done = files.filter((file) => ended[file]).length;
    report("trace", { done: done === files.length, count: done, text: `${done} of ${files.length} programs traced to the end` });
  };
  for (const block of blocks) {
    block.dataset.kmfMounted = "true";
    try {
      new TraceWidget(block, progress);
    } catch (error) {
      console.error(error);
    }
  }
  whenIdle(() => startPython().catch(() => {}), 500, 4000);
}

class TraceWidget {
  /**
   * @param {HTMLElement} block  the program's highlighted code
   * @param {() => void} onEnded  a trace reached its last step
   */
  constructor(block, onEnded) {
    this.block = block;
    this.onEnded = onEnded;
    // the editor holds the program only; its `#>` lines (the output the build checked) are a panel
    const { program, expected } = splitExpected((block.querySelector("code")?.textContent ?? "").replace(/\n$/, ""));
    this.original = program;
    this.expected = expected;
    this.filename = block.querySelector(".filename")?.textContent.trim() || "main.py";
    /** @type {Trace | null} */
    this.trace = null;
    this.source = "";
    /** @type {string[]} */
    this.lines = [];
    this.index = 0;
    this.running = false;
    /** @type {import("./editor.js").Editor | null} */
    this.editor = null;
    const root = el("div", "kmf-trace-widget");
    root.setAttribute("role", "region");
    root.setAttribute("aria-label", `Trace of ${this.filename}`);
    this.block.before(root);
    const header = el("div", "kmf-filename", this.filename);
    this.editorSlot = el("div", "kmf-editor");
    root.append(header, this.editorSlot, this.block);

    this.toolbar = el("div", "kmf-toolbar");
    this.toolbar.setAttribute("role", "group");
    this.toolbar.setAttribute("aria-label", `Trace controls for ${this.filename}`);
    this.traceButton = button("Trace", "kmf-trace__start md-button--primary");
    this.previousButton = button("Previous step", "kmf-trace__previous");
    this.nextButton = button("Next step", "kmf-trace__next");
    this.endButton = button("Run to end", "kmf-trace__end");
    this.resetButton = button("Reset", "kmf-trace__reset");
    this.counter = el("span", "kmf-trace__counter");
    this.toolbar.append(this.traceButton, this.previousButton, this.nextButton, this.endButton, this.resetButton, this.counter);
    this.status = el("p", "kmf-status kmf-trace__status");
    this.status.setAttribute("role", "status");

    const panes = el("div", "kmf-trace__panes");
    const variables = el("div", "kmf-trace__variables");
    const variablesHeading = el("p", "kmf-trace__heading", "Variables");
    this.frames = el("div", "kmf-trace__frames");
    this.frames.append(el("p", "kmf-trace__empty", "Press Trace, then Next step: the variables appear here."));
    variables.append(variablesHeading, this.frames);
    const printed = el("div", "kmf-trace__printed");
    const outputHeading = el("p", "kmf-trace__heading", "Output so far");
    this.output = el("pre", "kmf-output kmf-trace__output");
    this.output.setAttribute("role", "log");
    this.output.setAttribute("aria-label", "Output");
    this.output.tabIndex = 0;
    this.output.dataset.placeholder = "Nothing printed yet.";
    printed.append(outputHeading, this.output);
    panes.append(variables, printed);
    // the controls and the current line ("Line 6: ...") stay in view while the reader looks at
    // the variables below (sticky under the site's header; modes.css)
    const controls = el("div", "kmf-trace__controls");
    controls.append(this.toolbar, this.status);
    root.append(controls, panes);
    showScrolling(this.output);
    if (this.expected) {
      const panel = el("div", "kmf-expected kmf-trace__expected");
      const label = el("p", "kmf-expected__label", "Expected output");
      label.id = `kmf-expected-${Math.random().toString(36).slice(2)}`;
      const note = el("p", "kmf-expected__note", "What the program as given prints (checked when this site was built).");
      const pre = el("pre", "kmf-expected__text", this.expected);
      panel.setAttribute("role", "group");
      panel.setAttribute("aria-labelledby", label.id);
      pre.setAttribute("aria-labelledby", label.id);
      panel.append(label, note, pre);
      root.append(panel);
      showScrolling(pre);
    }

    this.traceButton.addEventListener("click", () => this.run());
    this.previousButton.addEventListener("click", () => this.go(this.index - 1));
    this.nextButton.addEventListener("click", () => this.go(this.index + 1));
    this.endButton.addEventListener("click", () => this.trace && this.go(this.trace.steps.length - 1));
    this.resetButton.addEventListener("click", () => {
      this.editor?.setCode(this.original);
      this.status.textContent = "The original program is back.";
    });
    root.addEventListener("focusin", () => startPython().catch(() => {}), { once: true });
    this.updateButtons();

    // The editor is made on demand, as a runnable's is (runner.js): when the reader acts on the
    // code, which stands in for it until then (dom.js standIn), or presses Trace (the line about
    // to run is marked in it). Its modules load once the page is idle.
    let controlsAt = 0; // where the controls are before the editor comes (they stay there)
    const code = this.block.querySelector("code");
    /** @type {() => void} */
    let want = () => {};
    this.want = () => want();
    /** @type {Promise<import("./editor.js").Editor>} */
    this.ready = new Promise((resolve) => (want = () => resolve(undefined)))
      .then(() => {
        root.dataset.editor = "coming"; // then "made"
        return loadEditor();
      })
      .then(({ createEditor }) => {
        controlsAt = offsetIn(controls, root);
        return createEditor(this.editorSlot, {
          doc: this.original,
          label: `Python code: ${this.filename}`,
          onRun: () => this.run(),
          onEscape: () => this.traceButton.focus(),
          onChange: () => this.forget(),
        });
      })
      .then((editor) => {
        this.editor = editor;
        const swap = () => {
          swapIn(this.block, this.editorSlot, controls, root, controlsAt);
          root.classList.add("kmf-ready");
        };
        if (code) handOver(code, editor, swap);
        else swap();
        root.dataset.editor = "made";
        return editor;
      });
    if (code) {
      standIn(code, `Python code: ${this.filename}`, () => want(), () => this.traceButton.focus());
      pageIdle().then(loadEditor);
    } else want();
  }

  /** Step buttons are aria-disabled, not disabled, so a keyboard user's focus stays on them. */
  updateButtons() {
    const steps = this.trace?.steps.length ?? 0;
    /** @param {HTMLElement} button @param {boolean} enabled */
    const set = (button, enabled) => setUnavailable(button, !enabled);
    set(this.previousButton, steps > 0 && this.index > 0);
    set(this.nextButton, steps > 0 && this.index < steps - 1);
    set(this.endButton, steps > 0 && this.index < steps - 1);
    this.counter.textContent = steps ? `Step ${this.index + 1} of ${steps}` : "";
  }

  forget() {
    if (!this.trace) return;
    this.trace = null;
    this.editor?.setMarkedLines(null);
    this.updateButtons();
    this.status.textContent = "The code changed: press Trace to follow the new version.";
  }

  async run() {
    if (this.running) return;
    this.running = true;
    this.want(); // Trace marks the line about to run in the editor: made now if it is not there
    const editor = this.editor ?? (await this.ready);
    const keyboard = document.activeElement === this.traceButton;
    setUnavailable(this.traceButton, true); // not disabled: focus stays on it
    this.source = editor.getCode();
    this.status.textContent = "Tracing…";
    const outcome = await runPython(await tracerProgram(this.source, this.filename), {
      filename: TRACE_FILE,
      timeout: DEFAULT_TIMEOUT, // the site's time limit: the step cap ends loops long before it
      after: "result = ns.get('_kmf_trace')",
      imports: this.source, // the traced program is a string in the tracer's: load what it imports
      onStatus: (/** @type {string} */ text) => (this.status.textContent = text),
    });
    setUnavailable(this.traceButton, false);
    this.running = false;
    if (typeof outcome.result !== "string") {
      this.trace = null;
      this.updateButtons();
      this.status.textContent =
        outcome.status === "timeout"
          ? `Tracing took longer than ${DEFAULT_TIMEOUT} s (a program that catches every exception cannot be stopped at the step limit), so Python was restarted.`
          : outcome.message || "The trace could not be made: Python stopped unexpectedly. Press Trace to try again.";
      return;
    }
    const trace = /** @type {Trace} */ (JSON.parse(outcome.result));
    this.trace = trace;
    this.lines = this.source.split("\n");
    this.go(0);
    if (keyboard) (trace.steps.length > 1 ? this.nextButton : this.traceButton).focus();
  }

  /** @param {number} index  the step to show (clamped to the trace's) */
  go(index) {
    if (!this.trace) return;
    const steps = this.trace.steps;
    this.index = Math.max(0, Math.min(index, steps.length - 1));
    const step = steps[this.index];
    this.updateButtons();
    this.status.textContent = this.describe(step);
    this.editor?.setMarkedLines(step.line ?? null, step.to ?? step.line);
    this.showFrames(step);
    this.showOutput(step.out);
    if (this.index === steps.length - 1) {
      update(KEY, (saved) => ({ ended: union(saved?.ended, { [this.filename]: true }) }), isRecord);
      this.onEnded();
    }
  }

  /**
   * What the status says of a step ("Line 6: new_data = get_new_data()").
   * @param {Step} step
   */
  describe(step) {
    /** @param {number | null} line */
    const code = (line) => (this.lines[(line ?? 0) - 1] ?? "").trim();
    switch (step.event) {
      case "line":
        return `Line ${step.line}: ${code(step.line)}`;
      case "return":
        return `Line ${step.line}: ${step.stack[step.stack.length - 1]?.name} returns ${step.value}`;
      case "exception":
        return `Line ${step.line}: ${code(step.line)} raises ${step.error}`;
      default:
        break;
    }
    const steps = (this.trace?.steps.length ?? 1) - 1;
    if (step.how === "error") {
      return step.line ? `Line ${step.line}: ${step.error}. The program stops here.` : `${step.error}. The program stops here.`;
    }
    if (step.how === "limit") return `Stopped after ${steps} steps: this program may never end. The trace shows its first ${steps} steps.`;
    if (step.how === "exit") return `Line ${step.line ?? "?"}: the program exits (sys.exit).`;
    return `The program finished after ${steps} steps.`;
  }

  /** @param {Step} step */
  showFrames(step) {
    const tables = step.stack.map((frame, depth) => {
      const table = el("table", "kmf-trace__frame");
      const caller = step.stack[depth - 1];
      const title =
        frame.name === "<module>"
          ? "Global variables"
          : `${frame.name}(): local variables${caller?.line ? `, called from line ${caller.line}` : ""}`;
      table.createCaption().textContent = title;
      const head = table.createTHead().insertRow();
      for (const name of ["Name", "Type", "Value"]) {
        const th = el("th", "", name);
        th.scope = "col";
        head.append(th);
      }
      const body = table.createTBody();
      const rows = [...frame.vars];
      if (step.event === "return" && depth === step.stack.length - 1) rows.push(["Return value", step.type ?? "", step.value ?? ""]);
      for (const [name, type, value] of rows) {
        const row = body.insertRow();
        const th = el("th", "", name);
        th.scope = "row";
        row.append(th, el("td", "", type), el("td", "kmf-trace__value", value));
      }
      if (!rows.length) {
        const cell = body.insertRow().insertCell();
        cell.colSpan = 3;
        cell.textContent = "No variables yet.";
      }
      return table;
    });
    this.frames.replaceChildren(...tables);
  }

  /** @param {number} length  how much of the output was printed by this step */
  showOutput(length) {
    if (!this.trace) return;
    this.output.replaceChildren();
    let left = length;
    for (const [stream, text] of this.trace.output) {
      if (left <= 0) break;
      this.output.append(el("span", `kmf-${stream}`, text.slice(0, left)));
      left -= text.length;
    }
    this.output.scrollTop = this.output.scrollHeight;
  }
}
