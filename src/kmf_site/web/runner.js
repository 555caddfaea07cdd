// @ts-check
// Runnable examples: a highlighted ```python {.run} block becomes an editor with Run, Stop, Reset
// and an Output log. Until the reader acts on the code, Material's highlighted code (its program;
// its expected output is beside it) stands in for the editor (dom.js standIn); without JavaScript
// it is all a reader sees, expected output included.
import { runPython, startPython, startPythonWhenIdle, DEFAULT_TIMEOUT, LIMITS } from "./python.js";
import { loadEditor } from "./editor_load.js";
import { all, button, confirmInline, el, isUnavailable, offsetIn, setUnavailable, showScrolling, handOver, splitExpected, standIn, standInActed, swapIn, textWidth, pageIdle } from "./dom.js";

/** @typedef {Awaited<ReturnType<typeof runPython>>} Outcome  a run's outcome (python.js) */
/** @typedef {import("./editor.js").Editor} Editor */

// Every run in progress or waiting, so leaving a page can stop them all.
/** @type {Set<AbortController>} */
const controllers = new Set();

/** Stop every run started from any widget (the reader left the page). */
export function stopAll() {
  for (const controller of controllers) controller.abort();
}


/**
 * Resolves once `element` is within 200 px of the view (at once if there is no observer).
 * @param {Element} element
 * @returns {Promise<void>}
 */
function nearView(element) {
  if (typeof IntersectionObserver === "undefined") return Promise.resolve();
  return new Promise((resolve) => {
    const observer = new IntersectionObserver(
      (entries) => {
        if (!entries.some((entry) => entry.isIntersecting)) return;
        observer.disconnect();
        resolve();
      },
      { rootMargin: "200px" },
    );
    observer.observe(element);
  });
}

/**
 * Writes as the output shows them: consecutive writes to one stream joined into one piece, in
 * order (the page then adds one text node per piece, not one per write).
 * @param {[string, string][]} writes  [stream, text] in the order the program wrote them
 * @returns {{stream: string, text: string}[]}
 */
export function batch(writes) {
  /** @type {{stream: string, text: string}[]} */
  const pieces = [];
  for (const [stream, text] of writes) {
    const last = pieces[pieces.length - 1];
    if (last?.stream === stream) last.text += text;
    else pieces.push({ stream, text });
  }
  return pieces;
}

const STILL_RUNNING_MS = 3000;
const STILL_RUNNING = "Still running… Press Stop to end it.";

/**
 * What the status line says of a finished run.
 * @param {Outcome} outcome
 * @param {number} timeout  the run's time limit (s)
 */
function describe(outcome, timeout) {
  const ms = outcome.elapsedMs ?? 0;
  const seconds = ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
  switch (outcome.status) {
    case "ok":
      return `Finished in ${seconds}.`;
    case "error":
      return outcome.error === "SystemExit" ? `Exited with status ${outcome.exitCode}.` : "Finished with an error: the traceback is in the output below.";
    case "stopped":
      if (outcome.how === "not started") return "Stopped before it started.";
      return outcome.how === "interrupted"
        ? "Stopped. Your code is kept; press Run to start again."
        : "Stopped. Python restarted; your code is kept.";
    case "timeout":
      return outcome.how === "interrupted"
        ? `Stopped after ${timeout} s, the time limit. Your code is kept; press Run to start again.`
        : `Stopped after ${timeout} s, the time limit. Python restarted; your code is kept.`;
    default:
      return outcome.message || "Something went wrong.";
  }
}

/**
 * @typedef {object} RunnableOptions
 * @property {string} code  the code it starts with (and Reset brings back)
 * @property {string} [filename]  the name tracebacks give it
 * @property {number} [timeout]  its time limit (s); the container's data-timeout overrides it
 * @property {string} [label]  its accessible names' suffix
 * @property {HTMLElement | null} [staticView]  shown until the editor loads; hidden afterwards
 * @property {string | (() => string) | null} [session]  an id, or a function returning one: runs
 *   share that namespace, like notebook cells
 */

/**
 * Build a runnable widget in `container`.
 * Its state is data: container.dataset.state (idle, queued, running, stopping, done, stopped,
 * error) and a "kmf:ran" event (detail: the outcome) when a run ends.
 * @param {HTMLElement} container
 * @param {RunnableOptions} options
 */
export function createRunnable(container, { code, filename = "main.py", timeout = DEFAULT_TIMEOUT, label = filename, staticView = null, session = null }) {
  container.classList.add("kmf-runnable");
  /** @type {Editor | null} */
  let editor = null;
  let pendingCode = code;
  /** @type {((code: string) => void)[]} */
  const changeListeners = [];

  const editorSlot = el("div", "kmf-editor");
  const toolbar = el("div", "kmf-toolbar");
  toolbar.setAttribute("role", "group");
  toolbar.setAttribute("aria-label", `Controls for ${label}`);
  const runButton = button("Run", "kmf-run md-button--primary");
  const stopButton = button("Stop", "kmf-stop");
  const resetButton = button("Reset", "kmf-reset");
  setUnavailable(stopButton, true);
  toolbar.append(runButton, stopButton, resetButton);
  const status = el("p", "kmf-status");
  status.setAttribute("role", "status");
  const output = el("pre", "kmf-output");
  output.setAttribute("role", "log");
  output.setAttribute("aria-label", "Output");
  output.tabIndex = 0;
  output.dataset.placeholder = "Press Run to see the output.";
  container.append(editorSlot, toolbar, status, output);
  showScrolling(output);
  container.dataset.state = "idle"; // idle, queued, running (the worker said "started"), stopping, done, stopped, error

  const getCode = () => (editor ? editor.getCode() : pendingCode);
  /** @param {string} text */
  const setCode = (text) => {
    pendingCode = text;
    editor?.setCode(text);
    if (editor) return;
    changeListeners.forEach((listener) => listener(text));
    wanted(); // the code on the page is the editor's from now on
  };

  // The editor is made on demand: when the reader acts on the code (clicks, taps or tabs to it;
  // until then the block's highlighted code stands in for it, dom.js standIn), when `ready` is
  // asked for, or when code is set from outside (Reset, a solution, a shared link). Its modules
  // load once the page is idle, so the reader's first act gets an editor at once. A widget without
  // static code makes its editor when it comes near the view or the page is idle (one per frame).
  // Either way the editor takes the static code's place at that height at least, so nothing below
  // it moves.
  /** @type {() => void} */
  let wanted = () => {};
  /** @type {Promise<void>} */
  const asked = new Promise((resolve) => (wanted = resolve));
  const standInCode = staticView?.querySelector("code") ?? null;
  if (standInCode) {
    standIn(standInCode, `Python code: ${label}`, () => wanted(), () => runButton.focus());
    pageIdle().then(loadEditor);
  }
  let toolbarAt = 0; // where the toolbar is before the editor comes (it stays there)
  const ready = Promise.race(standInCode ? [asked] : [asked, nearView(container), pageIdle()])
    .then(() => {
      container.dataset.editor = "coming"; // then "made"
      return loadEditor();
    })
    .then(({ createEditor, createEditorSoon }) => {
      if (staticView) toolbarAt = offsetIn(toolbar, container);
      /** @type {import("./editor.js").EditorOptions} */
      const options = {
        doc: pendingCode,
        label: `Python code: ${label}`,
        onRun: () => run(),
        onEscape: () => runButton.focus(),
        onChange: (text) => changeListeners.forEach((listener) => listener(text)),
      };
      // the reader is waiting for it: made at once (in the task of the click); else in turn
      const acted = standInCode !== null && standInActed(standInCode) !== null;
      return acted ? createEditor(editorSlot, options) : createEditorSoon(editorSlot, options);
    })
    .then((made) => {
      editor = made;
      // code set while the editor was being made (a shared link read meanwhile) is not lost
      if (made.getCode() !== pendingCode) made.setCode(pendingCode);
      const swap = () => {
        if (staticView) swapIn(staticView, editorSlot, toolbar, container, toolbarAt);
        container.classList.add("kmf-ready");
      };
      if (standInCode) handOver(standInCode, made, swap);
      else swap();
      container.dataset.editor = "made";
      return editor;
    });

  let running = false;
  /** @type {AbortController | null} */
  let controller = null;
  /** @type {number | undefined} */
  let stillRunning;
  /** @type {HTMLSpanElement | null} */
  let streamSpan = null;
  // Output reaches the page at most twice per frame, not once per write: a program that prints a
  // line at a time would otherwise lay the page out (and scroll) for every line, O(n^2) (1,000
  // flushed lines took seconds). The first write after a quiet frame shows at once; what follows
  // within the frame waits for it. What is pending is small: the worker caps a run's output.
  /** @type {[string, string][]} */
  let pending = [];
  let frame = 0;
  /**
   * @param {string} stream  "stdout" or "stderr"
   * @param {string} text
   */
  function append(stream, text) {
    pending.push([stream, text]);
    if (frame) return;
    writePending();
    frame = requestAnimationFrame(() => {
      frame = 0;
      writePending();
    });
  }
  function flushOutput() {
    cancelAnimationFrame(frame);
    frame = 0;
    writePending();
  }
  function writePending() {
    if (!pending.length) return;
    for (const { stream, text } of batch(pending)) {
      if (streamSpan?.dataset.stream !== stream) {
        streamSpan = el("span", `kmf-${stream}`); // one span per run of a stream: stderr shows red
        streamSpan.dataset.stream = stream;
        output.append(streamSpan);
      }
      if (text) streamSpan.append(document.createTextNode(text)); // text, never HTML
    }
    pending = [];
    output.scrollTop = output.scrollHeight;
  }
  function clearOutput() {
    pending = [];
    cancelAnimationFrame(frame);
    frame = 0;
    output.replaceChildren();
    streamSpan = null;
  }
  /** @param {string} text */
  function notice(text) {
    flushOutput();
    const line = el("span", "kmf-notice", text);
    output.append(line);
    streamSpan = null;
    output.scrollTop = output.scrollHeight; // the notice is the last thing shown: in view
  }

  /**
   * Run the code (after: Python run after it in its namespace, as runPython's). Resolves the
   * outcome, or null when a run of this widget is going on already.
   * @param {{after?: string | null}} [options]
   * @returns {Promise<Outcome | null>}
   */
  async function run({ after = null } = {}) {
    if (running) return null;
    const limit = Number(container.dataset.timeout) || timeout; // data-timeout: per-block override
    running = true;
    // aria-disabled, not disabled: the focused button keeps focus while Python runs
    setUnavailable(runButton, true);
    setUnavailable(stopButton, false);
    container.classList.add("kmf-running");
    clearOutput();
    status.textContent = "Running…";
    container.dataset.state = "queued";
    const placeholder = output.dataset.placeholder;
    output.dataset.placeholder = "Running… nothing printed yet.";
    // a long run says so, and how to end it, instead of looking finished (counted from the
    // moment the program starts, not while Python loads)
    /** @param {string} text @param {string} phase */
    const onStatus = (text, phase) => {
      status.textContent = text;
      clearTimeout(stillRunning); // Stopping…, Restarting Python…: no longer "still running"
      if (phase !== "running") return;
      container.dataset.state = "running"; // python.js: the worker said "started"
      stillRunning = window.setTimeout(() => {
        status.textContent = STILL_RUNNING;
        output.dataset.placeholder = STILL_RUNNING;
      }, STILL_RUNNING_MS);
    };
    controller = new AbortController();
    controllers.add(controller);
    const outcome = await runPython(getCode(), {
      signal: controller.signal,
      filename,
      timeout: limit,
      after,
      session: typeof session === "function" ? session() : session,
      onOutput: append,
      onStatus,
    });
    flushOutput();
    if (outcome.truncated) notice(`\n[Output limit reached: only the first ${LIMITS.lines} lines / ${LIMITS.bytes / 1000} KB are shown.]\n`);
    clearTimeout(stillRunning);
    output.dataset.placeholder = placeholder;
    controllers.delete(controller);
    controller = null;
    status.textContent = describe(outcome, limit);
    /** @type {Record<string, string>} */
    const states = { ok: "done", error: "done", stopped: "stopped", timeout: "stopped" };
    container.dataset.state = states[outcome.status ?? ""] ?? "error";
    container.classList.remove("kmf-running");
    running = false;
    setUnavailable(runButton, false);
    setUnavailable(stopButton, true);
    container.dispatchEvent(new CustomEvent("kmf:ran", { detail: outcome }));
    return outcome;
  }

  runButton.addEventListener("click", () => {
    if (!isUnavailable(runButton)) run();
  });
  stopButton.addEventListener("click", () => {
    if (!running || isUnavailable(stopButton)) return;
    clearTimeout(stillRunning);
    status.textContent = "Stopping…";
    container.dataset.state = "stopping";
    controller?.abort();
  });
  // Reset asks first when there is work to lose, and is one step in the editor's history, so
  // Ctrl+Z in the editor brings the learner's code back.
  resetButton.addEventListener("click", async () => {
    if (getCode() !== code) {
      const sure = await confirmInline(resetButton, "Replace your code with the original? Ctrl+Z in the editor brings yours back.", "Yes, reset", "Keep my code");
      if (!sure) return;
    }
    setCode(code);
    clearOutput();
    status.textContent = "The original code is back. To undo, press Ctrl+Z in the editor.";
  });
  container.addEventListener("focusin", () => startPython().catch(() => {}), { once: true });

  return {
    getCode,
    setCode,
    /** @param {(code: string) => void} listener */
    onChange: (listener) => changeListeners.push(listener),
    toolbar,
    /** its own buttons, for a widget that builds on it (Check beside Run, its own Reset) */
    buttons: { run: runButton, stop: stopButton, reset: resetButton },
    output,
    clearOutput,
    status,
    run,
    get ready() {
      wanted();
      return ready;
    },
    get editor() {
      return editor;
    },
  };
}

/** @typedef {ReturnType<typeof createRunnable>} Runnable */

/**
 * Call `callback(outcome)` each time a run of the runnable in `container` ends (its "kmf:ran" event).
 * @param {HTMLElement} container
 * @param {(outcome: Outcome) => void} callback
 */
export function onRan(container, callback) {
  container.addEventListener("kmf:ran", (event) => callback(/** @type {CustomEvent<Outcome>} */ (event).detail));
}

/**
 * Turn every ```python {.run} block under `root` into a runnable widget, lazily.
 * @param {ParentNode} root
 */
export function mount(root) {
  const blocks = all(root, "div.highlight.run:not([data-kmf-mounted])");
  if (!blocks.length) return;
  const observer = new IntersectionObserver(
    (entries) => {
      for (const entry of entries) {
        if (!entry.isIntersecting) continue;
        observer.unobserve(entry.target);
        enhance(/** @type {HTMLElement} */ (entry.target));
      }
    },
    { rootMargin: "200px" },
  );
  for (const block of blocks) {
    block.dataset.kmfMounted = "true";
    observer.observe(block);
  }
}

/**
 * The expected output, labelled, next to the Output (the editor keeps only the program). The two
 * stand side by side on a wide screen while both fit their half, and stack when either is wider.
 * @param {HTMLElement} output  the run's Output
 * @param {string} expected
 */
export function expectedPanel(output, expected) {
  const panel = el("div", "kmf-expected");
  const label = el("p", "kmf-expected__label", "Expected output");
  label.id = `kmf-expected-${Math.random().toString(36).slice(2)}`;
  const note = el("p", "kmf-expected__note", "What the code as given prints (checked when this site was built).");
  const pre = el("pre", "kmf-expected__text", expected);
  panel.setAttribute("role", "group");
  panel.setAttribute("aria-labelledby", label.id);
  pre.setAttribute("aria-labelledby", label.id);
  panel.append(label, note, pre);
  const pair = el("div", "kmf-outputs");
  output.before(pair);
  const mine = el("div", "kmf-outputs__mine");
  const title = el("p", "kmf-expected__label", "Output"); // the log is named "Output" already
  title.setAttribute("aria-hidden", "true");
  const hint = output.nextElementSibling?.classList.contains("kmf-scroll-hint") ? output.nextElementSibling : null;
  mine.append(title, output);
  if (hint) mine.append(hint);
  pair.append(mine, panel);
  // Stacked when either text is wider than half the pair (measured as laid out, not guessed).
  const fit = () => {
    const half = pair.clientWidth / 2;
    const wide = Math.max(textWidth(output), textWidth(pre)) > half;
    pair.classList.toggle("kmf-outputs--stacked", wide);
  };
  showScrolling(pre, fit);
  new ResizeObserver(() => requestAnimationFrame(fit)).observe(pair);
  new MutationObserver(() => requestAnimationFrame(fit)).observe(output, { childList: true, subtree: true, characterData: true });
  return panel;
}

/** @param {HTMLElement} block */
function enhance(block) {
  const source = block.querySelector("code")?.textContent.replace(/\n$/, "") ?? "";
  const { program: code, expected } = splitExpected(source);
  const filename = block.querySelector(".filename")?.textContent.trim() || "main.py";
  const timeout = Number(block.dataset.timeout) || DEFAULT_TIMEOUT;
  const container = el("div");
  container.dataset.timeout = String(timeout);
  block.before(container);
  container.append(block);
  const header = el("div", "kmf-filename", filename);
  container.prepend(header);
  const widget = createRunnable(container, { code, filename, timeout, label: filename, staticView: block });
  if (expected) expectedPanel(widget.output, expected);
  // A runnable block is in view: Python boots as soon as the browser is idle (text comes first).
  startPythonWhenIdle();
}
