// Runnable examples: a highlighted ```python {.run} block becomes an editor with Run, Stop, Reset
// and an Output log. Until the editor is needed, Material's highlighted code stays as it is (and
// it is all a reader without JavaScript sees).
import { runPython, startPython, DEFAULT_TIMEOUT, LIMITS } from "./python.js";
import { button, el, whenIdle } from "./dom.js";

// Every run in progress or waiting, so leaving a page can stop them all.
const controllers = new Set();

/** Stop every run started from any widget (the reader left the page). */
export function stopAll() {
  for (const controller of controllers) controller.abort();
}

let editorModule = null;
function loadEditor() {
  editorModule ??= import("./editor.js");
  return editorModule;
}

function describe(outcome, timeout) {
  const ms = outcome.elapsedMs ?? 0;
  const seconds = ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
  switch (outcome.status) {
    case "ok":
      return `Finished in ${seconds}.`;
    case "error":
      return outcome.error === "SystemExit" ? `Exited with status ${outcome.exitCode}.` : "Finished with an error (see the traceback above).";
    case "stopped":
      if (outcome.how === "not started") return "Stopped before it started.";
      return outcome.how === "interrupted"
        ? "Stopped: Python was interrupted (KeyboardInterrupt) and is ready for the next run."
        : `Stopped: the program did not respond to the interrupt, so Python was restarted (${(outcome.restartMs / 1000).toFixed(1)} s). Ready for the next run.`;
    case "timeout":
      return outcome.how === "interrupted"
        ? `Time limit of ${timeout} s reached: Python was interrupted and is ready for the next run.`
        : `Time limit of ${timeout} s reached: the program did not respond, so Python was restarted. Ready for the next run.`;
    default:
      return outcome.message || "Something went wrong.";
  }
}

/**
 * Build a runnable widget in `container`.
 * options: code, filename, timeout (s), label (accessible name suffix), staticView (an element to
 * show until the editor loads; hidden afterwards), session (an id, or a function returning one:
 * runs share that namespace, like notebook cells).
 * Returns {getCode, setCode, onChange, toolbar, output, status, run, ready}.
 */
export function createRunnable(container, { code, filename = "main.py", timeout = DEFAULT_TIMEOUT, label = filename, staticView = null, session = null }) {
  container.classList.add("kmf-runnable");
  let editor = null;
  let pendingCode = code;
  const changeListeners = [];

  const editorSlot = el("div", "kmf-editor");
  const toolbar = el("div", "kmf-toolbar");
  toolbar.setAttribute("role", "group");
  toolbar.setAttribute("aria-label", `Controls for ${label}`);
  const runButton = button("Run", "kmf-run md-button--primary");
  const stopButton = button("Stop", "kmf-stop");
  const resetButton = button("Reset", "kmf-reset");
  stopButton.disabled = true;
  toolbar.append(runButton, stopButton, resetButton);
  const status = el("p", "kmf-status");
  status.setAttribute("role", "status");
  const output = el("pre", "kmf-output");
  output.setAttribute("role", "log");
  output.setAttribute("aria-label", "Output");
  output.tabIndex = 0;
  output.dataset.placeholder = "Press Run to see the output.";
  container.append(editorSlot, toolbar, status, output);
  container.dataset.state = "idle"; // idle, queued, running (the worker said "started"), stopping, done, stopped, error

  const getCode = () => (editor ? editor.getCode() : pendingCode);
  const setCode = (text) => {
    pendingCode = text;
    editor?.setCode(text);
    if (!editor) changeListeners.forEach((listener) => listener(text));
  };

  const ready = loadEditor().then(({ createEditor }) => {
    editor = createEditor(editorSlot, {
      doc: pendingCode,
      label: `Python code: ${label}`,
      onRun: () => run(),
      onEscape: () => runButton.focus(),
      onChange: (text) => changeListeners.forEach((listener) => listener(text)),
    });
    if (staticView) staticView.hidden = true;
    container.classList.add("kmf-ready");
    return editor;
  });

  let running = false;
  let controller = null;
  let streamSpan = null;
  function append(stream, text) {
    if (!streamSpan || streamSpan.dataset.stream !== stream) {
      streamSpan = el("span", `kmf-${stream}`);
      streamSpan.dataset.stream = stream;
      output.append(streamSpan);
    }
    streamSpan.append(document.createTextNode(text)); // text, never HTML
    output.scrollTop = output.scrollHeight;
  }
  function notice(text) {
    const line = el("span", "kmf-notice", text);
    output.append(line);
    streamSpan = null;
  }

  async function run({ after = null } = {}) {
    if (running) return null;
    const limit = Number(container.dataset.timeout) || timeout; // data-timeout: per-block override
    running = true;
    runButton.disabled = true;
    stopButton.disabled = false;
    container.classList.add("kmf-running");
    output.replaceChildren();
    streamSpan = null;
    status.textContent = "Running…";
    container.dataset.state = "queued";
    controller = new AbortController();
    controllers.add(controller);
    const outcome = await runPython(getCode(), {
      signal: controller.signal,
      filename,
      timeout: limit,
      after,
      session: typeof session === "function" ? session() : session,
      onOutput: append,
      onStatus: (text) => {
        status.textContent = text;
        if (text === "Running…") container.dataset.state = "running"; // python.js: the worker said "started"
      },
    });
    if (outcome.truncated) notice(`\n[Output limit reached: only the first ${LIMITS.lines} lines / ${LIMITS.bytes / 1000} KB are shown.]\n`);
    controllers.delete(controller);
    controller = null;
    status.textContent = describe(outcome, limit);
    container.dataset.state = { ok: "done", error: "done", stopped: "stopped", timeout: "stopped" }[outcome.status] ?? "error";
    container.classList.remove("kmf-running");
    running = false;
    runButton.disabled = false;
    stopButton.disabled = true;
    container.dispatchEvent(new CustomEvent("kmf:ran", { detail: outcome }));
    return outcome;
  }

  runButton.addEventListener("click", () => run());
  stopButton.addEventListener("click", () => {
    if (!running) return;
    status.textContent = "Stopping…";
    container.dataset.state = "stopping";
    controller?.abort();
  });
  resetButton.addEventListener("click", () => {
    setCode(code);
    output.replaceChildren();
    status.textContent = "The original code is back.";
  });
  container.addEventListener("focusin", () => startPython().catch(() => {}), { once: true });

  return {
    getCode,
    setCode,
    onChange: (listener) => changeListeners.push(listener),
    toolbar,
    output,
    status,
    run,
    ready,
    get editor() {
      return editor;
    },
  };
}

/** Turn every ```python {.run} block under `root` into a runnable widget, lazily. */
export function mount(root) {
  const blocks = [...root.querySelectorAll("div.highlight.run:not([data-kmf-mounted])")];
  if (!blocks.length) return;
  const observer = new IntersectionObserver(
    (entries) => {
      for (const entry of entries) {
        if (!entry.isIntersecting) continue;
        observer.unobserve(entry.target);
        enhance(entry.target);
      }
    },
    { rootMargin: "200px" },
  );
  for (const block of blocks) {
    block.dataset.kmfMounted = "true";
    observer.observe(block);
  }
}

function enhance(block) {
  const code = block.querySelector("code")?.textContent.replace(/\n$/, "") ?? "";
  const filename = block.querySelector(".filename")?.textContent.trim() || "main.py";
  const timeout = Number(block.dataset.timeout) || DEFAULT_TIMEOUT;
  const container = el("div");
  container.dataset.timeout = String(timeout);
  block.before(container);
  container.append(block);
  const header = el("div", "kmf-filename", filename);
  container.prepend(header);
  createRunnable(container, { code, filename, timeout, label: filename, staticView: block });
  // A runnable block is in view: Python boots as soon as the browser is idle (text comes first).
  whenIdle(() => startPython().catch(() => {}));
}
