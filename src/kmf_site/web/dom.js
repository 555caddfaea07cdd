// @ts-check
// Small DOM helpers shared by the widgets. Text is always set as text, never parsed as HTML.

/**
 * A new element with an optional class and text.
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {string} [className]
 * @param {string} [text]
 * @returns {HTMLElementTagNameMap[K]}
 */
export function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text; // text, never HTML
  return node;
}

/**
 * A Material-styled button (type=button, so it never submits a form).
 * @param {string} label
 * @param {string} [className]
 */
export function button(label, className = "") {
  const node = el("button", `md-button kmf-button${className ? ` ${className}` : ""}`, label);
  node.type = "button";
  return node;
}

/**
 * The code a highlighted block shows, without its last newline.
 * @param {Element | null | undefined} block
 */
export function codeOf(block) {
  return (block?.querySelector("code")?.textContent ?? "").replace(/\n$/, "");
}

/**
 * A promise that resolves in a new task: the page can paint and take input before what follows.
 * @returns {Promise<void>}
 */
export const nextTask = () => new Promise((resolve) => setTimeout(resolve, 0));

/**
 * Run `callback` when the browser is idle (or after `fallbackMs` where it cannot tell).
 * @param {() => void} callback
 * @param {number} [fallbackMs]
 * @param {number} [timeout]  at most this long (ms)
 */
export function whenIdle(callback, fallbackMs = 300, timeout = 3000) {
  if (typeof globalThis.requestIdleCallback === "function") globalThis.requestIdleCallback(callback, { timeout });
  else setTimeout(callback, fallbackMs);
}

/**
 * @typedef {object} StandInAct  what the reader did to the code that stands in for its editor
 * @property {{line: number, column: number} | null} caret  where in the code a mouse pressed
 *   (0-based line and column of the code as shown: the caret goes there)
 * @property {boolean} focus  the editor should take the focus (a touch leaves it to the tap)
 */

/**
 * @typedef {object} StandIn  a block's code standing in for its editor
 * @property {() => void} want  asks for the editor (at the reader's first act)
 * @property {() => void} onEscape
 * @property {StandInAct | null} acted  what the reader did first (a focus outranks a touch)
 * @property {string} typed  what was typed into it while its editor came
 */
/** @type {WeakMap<HTMLElement, StandIn | null>} null: its editor has come (its listeners stay) */
const standIns = new WeakMap();

/**
 * Until its editor is made, a block's highlighted code stands in for it: a textbox of the same
 * name that a reader can focus (Tab), click or tap. `want` is called at the first of these, to make
 * the editor: a mouse press is taken over (the caret then goes where it pressed), a focus moves on
 * into the editor, and a touch only makes it, so the tap that follows lands in the editor itself
 * (which places the caret and opens a phone's keyboard, within the reader's gesture). What the
 * reader did (standInActed) and typed while the editor came reach the editor in handOver.
 * Escape moves the focus on as the editor's Escape does (`onEscape`), should it come before the editor.
 * @param {HTMLElement} code  the block's <code>
 * @param {string} label  the editor's accessible name
 * @param {() => void} want
 * @param {() => void} onEscape
 */
export function standIn(code, label, want, onEscape) {
  const listening = standIns.has(code);
  // a step rebuilt after a reset stands its code in again: the new widget acts
  standIns.set(code, { want, onEscape, acted: null, typed: "" });
  code.setAttribute("role", "textbox");
  code.setAttribute("aria-label", label);
  code.setAttribute("aria-multiline", "true");
  code.tabIndex = 0;
  code.classList.add("kmf-stand-in");
  showProgramOnly(code);
  // focused before it stood in (a block reached by Tab is made a widget as it scrolls into view)
  if (document.activeElement === code) actOn(code, { caret: null, focus: true });
  if (listening) return;
  const shown = () => code.offsetParent !== null; // not hidden: its editor is not there yet
  code.addEventListener("mousedown", (event) => {
    if (event.button !== 0) return;
    event.preventDefault(); // no focus or selection here: they go to the editor
    actOn(code, { caret: placeAt(code, event.clientX, event.clientY), focus: true });
    if (shown()) code.focus({ preventScroll: true }); // still coming: keys typed meanwhile land here
  });
  code.addEventListener("pointerdown", (event) => {
    if (event.pointerType !== "mouse") actOn(code, { caret: null, focus: false });
  });
  code.addEventListener("focus", () => actOn(code, { caret: null, focus: true }));
  code.addEventListener("keydown", (event) => {
    const record = standIns.get(code);
    if (!record || !shown() || event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key === "Escape") {
      record.onEscape(); // the editor, when it comes, no longer takes the focus
      return;
    }
    const text = event.key === "Enter" ? "\n" : event.key.length === 1 ? event.key : null;
    if (text === null && event.key !== "Backspace") return;
    event.preventDefault();
    record.typed = text === null ? record.typed.slice(0, -1) : record.typed + text;
    actOn(code, { caret: null, focus: true });
  });
}

/**
 * @param {HTMLElement} code
 * @param {StandInAct} act
 */
function actOn(code, act) {
  const record = standIns.get(code);
  if (!record) return;
  if (!record.acted || (act.focus && !record.acted.focus)) record.acted = act; // a tap that did not make it in time: its click does
  record.want();
}

/**
 * Take the expected output (`#>` lines, blocks between ''' lines: splitExpected) and the trailing
 * blank lines out of a block's highlighted <code>, in place (its highlighting stays), so that it
 * shows the program its editor will hold. Its <pre> keeps its height: nothing below moves.
 * @param {HTMLElement} code
 */
function showProgramOnly(code) {
  const text = code.textContent ?? "";
  const program = splitExpected(text.replace(/\n$/, "")).program;
  if (program === text.replace(/\n$/, "")) return;
  const kept = snippetLines(text).map(({ line }) => line !== null);
  const programLines = program.split("\n").length;
  let seen = 0; // program lines kept so far: those after the last one are trailing blanks
  for (let n = 0; n < kept.length; n++) {
    if (kept[n] && ++seen > programLines) kept[n] = false;
  }
  const pre = code.parentElement;
  if (pre?.offsetHeight) pre.style.minHeight = `${pre.offsetHeight}px`;
  const walker = document.createTreeWalker(code, NodeFilter.SHOW_TEXT);
  let line = 0;
  for (let node = /** @type {Text | null} */ (walker.nextNode()); node; node = /** @type {Text | null} */ (walker.nextNode())) {
    let out = "";
    for (const char of node.data) {
      if (kept[line]) out += char;
      if (char === "\n") line++;
    }
    if (out !== node.data) node.data = out;
  }
  // the program's last line ends with no newline of its own now: the block ends with one, as before
  if (!(code.textContent ?? "").endsWith("\n")) code.append("\n");
}

/**
 * The line and column (0-based) of the character boundary nearest a point in `code`'s text.
 * @param {HTMLElement} code
 * @param {number} x
 * @param {number} y
 * @returns {{line: number, column: number} | null}
 */
function placeAt(code, x, y) {
  /** @type {{offsetNode: Node, offset: number} | null} */
  let at = null;
  if (typeof document.caretPositionFromPoint === "function") at = document.caretPositionFromPoint(x, y);
  else {
    const range = document.caretRangeFromPoint?.(x, y);
    if (range) at = { offsetNode: range.startContainer, offset: range.startOffset };
  }
  if (!at || !code.contains(at.offsetNode)) return null;
  const before = document.createRange();
  before.setStart(code, 0);
  before.setEnd(at.offsetNode, at.offset);
  const lines = before.toString().split("\n");
  return { line: lines.length - 1, column: lines[lines.length - 1].length };
}

/**
 * What the reader did to the code standing in for an editor (null: nothing yet, or not standing in).
 * @param {HTMLElement} code
 * @returns {StandInAct | null}
 */
export const standInActed = (code) => standIns.get(code)?.acted ?? null;

/**
 * The editor for the code standing in has come: `swap` puts it in the code's place; the reader's
 * focus moves on into it (unless it has moved elsewhere meanwhile) with the caret where the mouse
 * pressed and what was typed meanwhile. `code` is then the block's highlighted code again, not a
 * textbox (hidden; shown again only where a step is locked again, until its next widget stands it in).
 * @param {HTMLElement} code
 * @param {Pick<import("./editor.js").Editor, "placeCaret" | "focus" | "type">} editor
 * @param {() => void} swap
 */
export function handOver(code, editor, swap) {
  const record = standIns.get(code);
  const acted = record?.acted;
  const focus = acted?.focus && document.activeElement === code; // read before swap hides the code
  swap();
  if (record && focus) {
    if (acted?.caret) editor.placeCaret(placeInProgram(code.textContent ?? "", acted.caret));
    editor.focus();
    editor.type(record.typed);
  }
  for (const name of ["role", "aria-label", "aria-multiline", "tabindex"]) code.removeAttribute(name);
  code.classList.remove("kmf-stand-in");
  standIns.set(code, null);
}

/** @type {Promise<void> | null} */
let idle = null;
/**
 * Resolves once the page has loaded and then the browser has been idle (at most 5 s later).
 * @returns {Promise<void>}
 */
export function pageIdle() {
  idle ??= new Promise((resolve) => {
    const then = () => whenIdle(() => resolve(), 1000, 5000);
    if (document.readyState === "complete") then();
    else addEventListener("load", then, { once: true });
  });
  return idle;
}

/**
 * How far below `container`'s top `element` is (a layout read).
 * @param {Element} element
 * @param {Element} container
 */
export const offsetIn = (element, container) => element.getBoundingClientRect().top - container.getBoundingClientRect().top;

/**
 * Hide `staticView` for the editor just made in `slot`, so that `below` (what follows both in
 * `container`) stays where it was: the slot then takes at least the space the static view took,
 * margins included. `before`: offsetIn(below, container) while the slot was still empty.
 * @param {HTMLElement} staticView
 * @param {HTMLElement} slot
 * @param {Element} below
 * @param {Element} container
 * @param {number} before
 */
export function swapIn(staticView, slot, below, container, before) {
  staticView.hidden = true;
  const short = before - offsetIn(below, container);
  if (short > 0.5) slot.style.minHeight = `${slot.offsetHeight + short}px`;
}

/**
 * An inline yes/no question under `anchor`; resolves true for yes (Escape and no: false).
 * @param {HTMLElement} anchor
 * @param {string} question
 * @param {string} yes  the yes button's label
 * @param {string} no  the no button's label
 * @returns {Promise<boolean>}
 */
export function confirmInline(anchor, question, yes, no) {
  anchor.parentElement?.querySelector(".kmf-confirm")?.remove();
  return new Promise((resolve) => {
    const box = el("div", "kmf-confirm");
    box.setAttribute("role", "group");
    const text = el("p", "kmf-confirm__question", question);
    text.id = `kmf-confirm-${Math.random().toString(36).slice(2)}`;
    box.setAttribute("aria-labelledby", text.id);
    const yesButton = button(yes, "kmf-confirm__yes md-button--primary");
    const noButton = button(no, "kmf-confirm__no");
    box.append(text, yesButton, noButton);
    anchor.after(box);
    /** @param {boolean} answer */
    const done = (answer) => {
      box.remove();
      anchor.focus();
      resolve(answer);
    };
    yesButton.addEventListener("click", () => done(true));
    noButton.addEventListener("click", () => done(false));
    box.addEventListener("keydown", (event) => {
      if (event.key === "Escape") done(false);
    });
    yesButton.focus();
  });
}

/**
 * Make a button unavailable (or available again) with aria-disabled instead of `disabled`: a
 * disabled button drops keyboard focus to <body>, so a screen reader loses its place. Click
 * handlers check isUnavailable() and do nothing.
 * @param {Element} node
 * @param {boolean} unavailable
 */
export function setUnavailable(node, unavailable) {
  if (unavailable) node.setAttribute("aria-disabled", "true");
  else node.removeAttribute("aria-disabled");
}

/** @param {Element} node */
export const isUnavailable = (node) => node.getAttribute("aria-disabled") === "true";

/**
 * Split a snippet into the program and its expected output. pytest-examples writes what a print
 * shows as `#>` comments under it, or between two lines of three single quotes (indented like the print) when it
 * is long; the build checks exactly these lines against the real run (tests/content.py's
 * printed_lines, which kmf_site/proof/check_expected_output.py runs this function beside, over every
 * snippet). The editor shows only the program.
 * Returns {program, expected} (expected: "" when there is none).
 * @param {string} code
 * @returns {{program: string, expected: string}}
 */
export function splitExpected(code) {
  /** @type {string[]} */
  const program = [];
  /** @type {string[]} */
  const expected = [];
  for (const { line, output } of snippetLines(code)) {
    if (output !== null) expected.push(output);
    else if (output === null && line !== null) program.push(line);
  }
  while (program.length && program[program.length - 1].trim() === "") program.pop();
  return { program: program.join("\n"), expected: expected.join("\n") };
}

/**
 * Each line of a snippet, in order: a program line (`line`), a line of expected output
 * (`output`: the text it expects), or neither (the quotes around a block of output).
 * @param {string} code
 * @returns {{line: string | null, output: string | null}[]}
 */
function snippetLines(code) {
  /** @type {number | null} */
  let block = null; // the indentation of an open block of output
  return code.split("\n").map((line) => {
    const text = line.trimStart();
    if (text === "'''") {
      block = block === null ? line.length - text.length : null;
      return { line: null, output: null };
    }
    if (block !== null) return { line: null, output: line.slice(block) };
    if (text.startsWith("#>")) return { line: null, output: text.startsWith("#> ") ? text.slice(3) : text.slice(2) };
    return { line, output: null };
  });
}

/**
 * Where a place in a snippet (its line and column, 0-based) is in its program (splitExpected): a
 * place on an expected-output line goes to the end of the program line before it.
 * @param {string} code
 * @param {{line: number, column: number}} at
 * @returns {{line: number, column: number}}
 */
export function placeInProgram(code, { line, column }) {
  const lines = snippetLines(code);
  let programLine = -1;
  let last = "";
  for (let n = 0; n <= Math.min(line, lines.length - 1); n++) {
    const kept = lines[n].line;
    if (kept === null) continue;
    programLine++;
    last = kept;
    if (n === line) return { line: programLine, column };
  }
  return { line: Math.max(programLine, 0), column: last.length };
}

/**
 * How wide `node`'s text is laid out (its widest line, for white-space: pre), in px.
 * @param {Element} node
 */
export function textWidth(node) {
  const range = document.createRange();
  range.selectNodeContents(node);
  const width = range.getBoundingClientRect().width;
  const style = getComputedStyle(node);
  return width + parseFloat(style.paddingLeft) + parseFloat(style.paddingRight);
}

/**
 * Let a panel that scrolls sideways say so: data-scrolls="x" on `pre` (styles draw a fading edge
 * where more text is hidden) and a visible hint after it, kept up to date as its text or size
 * changes. `pre` is keyboard-focusable (tabindex 0) and named, so arrow keys scroll it.
 * `onChange` (optional) runs after every change too. Returns a function that checks again.
 * @param {HTMLElement} pre
 * @param {(() => void) | null} [onChange]
 * @returns {() => void}
 */
export function showScrolling(pre, onChange = null) {
  pre.tabIndex = 0;
  const hint = el("p", "kmf-scroll-hint", "This panel scrolls sideways: swipe, or focus it and use the arrow keys.");
  hint.hidden = true;
  pre.after(hint);
  let queued = false;
  const check = () => {
    queued = false;
    if (!pre.isConnected) return;
    onChange?.();
    // an empty panel shows its placeholder (a pseudo-element), which is not text to scroll to
    const scrolls = pre.textContent !== "" && pre.scrollWidth > pre.clientWidth + 1;
    if (scrolls) pre.dataset.scrolls = "x";
    else delete pre.dataset.scrolls;
    hint.hidden = !scrolls;
  };
  const queue = () => {
    if (queued) return;
    queued = true;
    requestAnimationFrame(check);
  };
  new ResizeObserver(queue).observe(pre);
  new MutationObserver(queue).observe(pre, { childList: true, subtree: true, characterData: true });
  queue();
  return queue;
}

/** Material's colour scheme on this page: "dark" (its slate scheme) or "light". */
export function colorScheme() {
  return document.body?.dataset.mdColorScheme === "slate" ? "dark" : "light";
}

/** @type {Set<() => void>} */
const schemeListeners = new Set();
let watchingScheme = false;

/**
 * Call `callback` whenever the reader switches Material's palette (light or dark), for as long as
 * the page lives: one observer for the whole site, however many widgets listen.
 * @param {() => void} callback
 */
export function onColorScheme(callback) {
  schemeListeners.add(callback);
  if (watchingScheme || !document.body) return;
  watchingScheme = true;
  new MutationObserver(() => schemeListeners.forEach((listener) => listener())).observe(document.body, {
    attributes: true,
    attributeFilter: ["data-md-color-scheme"],
  });
}

/**
 * The HTML elements under `root` that match `selector`, as an array.
 * @param {ParentNode} root
 * @param {string} selector
 * @returns {HTMLElement[]}
 */
export function all(root, selector) {
  return [...root.querySelectorAll(selector)].filter((node) => node instanceof HTMLElement);
}

/**
 * The first HTML element under `root` that matches `selector`, or null.
 * @param {ParentNode} root
 * @param {string} selector
 * @returns {HTMLElement | null}
 */
export function find(root, selector) {
  const node = root.querySelector(selector);
  return node instanceof HTMLElement ? node : null;
}

/**
 * The first HTML element under `root` that matches `selector`, for markup the build always writes
 * (a widget's own parts): throws when it is missing, so the widget is not mounted half made.
 * @param {ParentNode} root
 * @param {string} selector
 * @returns {HTMLElement}
 */
export function need(root, selector) {
  const node = find(root, selector);
  if (!node) throw new Error(`${selector} is missing: this markup is not what the build writes`);
  return node;
}
