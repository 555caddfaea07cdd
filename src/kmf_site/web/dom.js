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
  let block = null; // the indentation of an open block of output
  for (const line of code.split("\n")) {
    const text = line.trimStart();
    if (text === "'''") {
      block = block === null ? line.length - text.length : null;
    } else if (block !== null) {
      expected.push(line.slice(block));
    } else if (text.startsWith("#>")) {
      expected.push(text.startsWith("#> ") ? text.slice(3) : text.slice(2));
    } else {
      program.push(line);
    }
  }
  while (program.length && program[program.length - 1].trim() === "") program.pop();
  return { program: program.join("\n"), expected: expected.join("\n") };
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
