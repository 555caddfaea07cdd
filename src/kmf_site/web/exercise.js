// @ts-check
// Exercises declared with `/// exercise` blocks (kmf_site/exercise/): the guided steps on
// /see-it-in-action/ (a sequence: each step unlocks the next and starts from the code that passed
// the one before) and the Debug it exercises (data-mode="standalone": none is locked, each starts
// from its own code). Each `.kmf-step` rendered from Markdown (instruction, starting code, a list of
// hints, a solution) becomes an editor with Run/Stop/Reset plus Check, Hint and Show solution.
// Check runs the learner's program in the Python worker, then the exercise's check program (built
// by kmf_site/exercise/program.py, fetched from the block's data-check URL) on what it left behind.
// Without JavaScript the Markdown stays as it is: every instruction, starting code, hint and
// solution is readable.
//
// State: store.js key data-store of .kmf-steps = {passed: {n: true}, hints: {n: count},
// code: {n: text}, codeAt: {n: ms}, passedCode: {n: text}, passedAt: {n: ms}, skipped: {n: true},
// solution: {n: true}}; anything that does not fit this shape is dropped. Every save merges with
// what another tab may have saved meanwhile (store.js `update`): passed, skipped and solution stay
// true, hints only grow, and the newer program (by codeAt / passedAt) wins; a change saved by
// another tab shows here at once (the `storage` event). Progress saved under an older key the page
// names (data-saved-before, from its front matter's saved_before) is moved to the page's key on the
// first visit. The page reports its progress to the hub (progress.js) as the mode named by
// data-summary ("3 of 5 fixed") whenever it changes.
import { createRunnable, onRan } from "./runner.js";
import { DEFAULT_TIMEOUT, startPythonWhenIdle } from "./python.js";
import { isRecord, load, maxima, newest, onChange, remove, save, union, update } from "./store.js";
import { forget, report } from "./progress.js";
import { all, button, codeOf, confirmInline, el, find, isUnavailable, need, setUnavailable, splitExpected } from "./dom.js";

/**
 * A page's saved exercises, each field by step number (1-based).
 * @typedef {object} State
 * @property {Record<number, true>} passed
 * @property {Record<number, number>} hints  hints shown
 * @property {Record<number, string>} code  the learner's latest code
 * @property {Record<number, number>} codeAt  when (ms)
 * @property {Record<number, string>} passedCode  the code that passed
 * @property {Record<number, number>} passedAt  when (ms)
 * @property {Record<number, true>} skipped
 * @property {Record<number, true>} solution  shown
 */
/** @typedef {import("./runner.js").Outcome} Outcome */

const NUMBERS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"];

// ------------------------------------------------------------------ state

/** @returns {State} */
function emptyState() {
  return { passed: {}, hints: {}, code: {}, codeAt: {}, passedCode: {}, passedAt: {}, skipped: {}, solution: {} };
}

/** @type {Record<keyof State, (v: any) => boolean>} what each field's values must be */
const FIELDS = {
  passed: (v) => v === true,
  hints: (v) => Number.isInteger(v) && v >= 0 && v <= 20,
  code: (v) => typeof v === "string" && v.length <= 20000,
  passedCode: (v) => typeof v === "string" && v.length <= 20000,
  codeAt: (v) => Number.isFinite(v) && v >= 0,
  passedAt: (v) => Number.isFinite(v) && v >= 0,
  skipped: (v) => v === true,
  solution: (v) => v === true,
};


/**
 * The page's saved state. `legacy`: where earlier versions saved this page's progress (its front
 * matter's saved_before), moved to `key` on the first visit.
 * @param {string} key
 * @param {number} count  the page's steps
 * @param {string} [legacy]
 */
function loadState(key, count, legacy = "") {
  if (legacy) {
    const old = load(legacy, isRecord);
    remove(legacy);
    if (old !== null && load(key, isRecord) === null) save(key, old);
  }
  return clean(load(key, isRecord), count);
}

/**
 * A saved record as a state: only the fields and steps that fit.
 * @param {Record<string, any> | null} raw
 * @param {number} count
 * @returns {State}
 */
function clean(raw, count) {
  const state = emptyState();
  if (raw === null) return state;
  for (const [field, valid] of /** @type {[keyof State, (v: any) => boolean][]} */ (Object.entries(FIELDS))) {
    const entries = raw[field];
    if (!isRecord(entries)) continue;
    for (const [step, value] of Object.entries(entries)) {
      const n = Number(step);
      if (Number.isInteger(n) && n >= 1 && n <= count && valid(value)) state[field][n] = value;
    }
  }
  return state;
}

/**
 * Two tabs' states as one: nothing passed is lost, and the newer program wins.
 * @param {State} saved
 * @param {State} mine
 * @returns {State}
 */
function merge(saved, mine) {
  const [code, codeAt] = newest(saved.code, saved.codeAt, mine.code, mine.codeAt);
  const [passedCode, passedAt] = newest(saved.passedCode, saved.passedAt, mine.passedCode, mine.passedAt);
  return {
    passed: union(saved.passed, mine.passed),
    hints: maxima(saved.hints, mine.hints),
    code,
    codeAt,
    passedCode,
    passedAt,
    skipped: union(saved.skipped, mine.skipped),
    solution: union(saved.solution, mine.solution),
  };
}

/** The check program of one exercise, fetched once (a failed fetch is retried on the next Check). */
/** @type {Map<string, Promise<string>>} */
const programs = new Map();
/** @param {string} url @returns {Promise<string>} */
function checkProgram(url) {
  if (!programs.has(url)) {
    const request = fetch(url).then((response) => {
      if (!response.ok) throw new Error(`the check could not be loaded (HTTP ${response.status})`);
      return response.text();
    });
    request.catch(() => programs.delete(url));
    programs.set(url, request);
  }
  return /** @type {Promise<string>} */ (programs.get(url));
}

// ------------------------------------------------------------------ the page

/** @param {ParentNode} root */
export function mount(root) {
  for (const steps of all(root, ".kmf-steps:not([data-kmf-mounted])")) {
    steps.dataset.kmfMounted = "true";
    try {
      new Lesson(steps);
    } catch (error) {
      console.error(error);
    }
  }
}

class Lesson {
  /** @param {HTMLElement} element  the page's .kmf-steps */
  constructor(element) {
    this.element = element;
    this.blocks = all(element, ".kmf-step");
    this.count = this.blocks.length;
    this.key = element.dataset.store || "steps";
    this.done = element.dataset.done || "";
    this.standalone = element.dataset.mode === "standalone";
    this.word = element.dataset.progress || "steps"; // "2 / 5 steps", "2 / 5 fixed"
    this.mode = element.dataset.summary || ""; // the hub's mode this page reports (progress.js)
    this.noun = this.standalone ? "exercise" : "step";
    this.state = loadState(this.key, this.count, element.dataset.savedBefore);
    this.steps = this.blocks.map((block, index) => new Step(this, block, index + 1));
    const slot = need(element, ".kmf-steps__bar");
    this.bar = need(slot, ".kmf-progress");
    this.fill = need(slot, ".kmf-progress__fill");
    this.barText = need(slot, ".kmf-progress__text");
    this.announcer = need(slot, ".kmf-steps__sr");
    this.buildProgress(need(slot, ".kmf-steps__reset"));
    element.classList.add("kmf-steps--live");
    for (const step of this.steps) step.render();
    this.updateProgress();
    startPythonWhenIdle(500, 4000);
    // Another tab saved progress on this page: show it here (what this tab saves next merges).
    const stop = onChange((key) => {
      if (!this.element.isConnected) return stop();
      if (key !== null && key !== this.key) return;
      this.state = loadState(this.key, this.count, element.dataset.savedBefore);
      for (const step of this.steps) step.render();
      this.updateProgress();
    });
  }

  save() {
    this.state = update(this.key, (saved) => merge(clean(saved, this.count), this.state), /** @returns {v is State} */ (v) => isRecord(v));
  }

  /**
   * The code step n starts from: the learner's passing code of step n-1, else its own start.
   * @param {number} n
   */
  startCode(n) {
    if (n === 1 || this.standalone) return this.steps[n - 1].start;
    return this.state.passedCode[n - 1] ?? this.steps[n - 1].start;
  }

  /** @param {number} n */
  unlocked(n) {
    return n === 1 || this.standalone || this.state.passed[n - 1] === true || this.state.skipped[n] === true
      || this.state.code[n] !== undefined || this.state.passed[n] === true;
  }

  passedCount() {
    return this.steps.filter((step) => this.state.passed[step.n]).length;
  }

  // The bar is in the page already (kmf_site/exercise/render.py's progress_bar, in the first
  // paint, so nothing moves when this runs): it gets its names, its state and Reset's action here.
  /** @param {HTMLElement} reset  the page's Reset button */
  buildProgress(reset) {
    const bar = this.bar;
    bar.setAttribute("role", "progressbar");
    bar.setAttribute("aria-label", this.standalone ? `Exercises ${this.word}` : "Steps completed");
    bar.setAttribute("aria-valuemin", "0");
    bar.setAttribute("aria-valuemax", String(this.count));
    reset.addEventListener("click", async () => {
      const sure = await confirmInline(reset, `Reset all ${this.noun}s? Your code, hints and progress on this page will be deleted.`, "Yes, reset", "Cancel");
      if (sure) this.reset();
    });
    this.announcer.setAttribute("role", "status");
  }

  updateProgress() {
    const done = this.passedCount();
    // skipping to step n leaves step n-1 not passed: say so, rather than a bare "0 / 4"
    const skipped = this.steps.filter((step) => step.n > 1 && this.state.skipped[step.n] && !this.state.passed[step.n - 1]).map((step) => step.n - 1);
    const text = `${done} / ${this.count} ${this.word}`
      + (skipped.length ? ` (skipped: step ${skipped.join(", ")}; you can go back any time)` : "");
    this.bar.setAttribute("aria-valuenow", String(done));
    this.bar.setAttribute("aria-valuetext", text);
    this.barText.textContent = text;
    this.fill.style.width = `${(100 * done) / this.count}%`;
    this.element.classList.toggle("kmf-steps--complete", done === this.count);
    // the hub's line for this page (it never goes back: progress.js); nothing passed yet, nothing saved
    if (this.mode && done) report(this.mode, { done: done === this.count, count: done, text: `${done} of ${this.count} ${this.word}` });
  }

  /** @param {number} n @param {string} code  the code that passed */
  stepPassed(n, code) {
    this.state.passed[n] = true;
    this.state.passedCode[n] = code;
    this.state.passedAt[n] = Date.now();
    this.save();
    this.updateProgress();
    const next = this.steps[n];
    if (next) next.render();
  }

  reset() {
    remove(this.key);
    if (this.mode) forget(this.mode); // an explicit reset is the one way back
    this.state = emptyState();
    for (const step of this.steps) step.reset();
    for (const step of this.steps) step.render();
    this.updateProgress();
    this.announcer.textContent = `Progress reset: every ${this.noun} starts again.`;
  }
}

class Step {
  /**
   * @param {Lesson} lesson
   * @param {HTMLElement} block  the step's .kmf-step
   * @param {number} n  1-based
   */
  constructor(lesson, block, n) {
    this.lesson = lesson;
    this.block = block;
    this.n = n;
    this.staticView = find(block, ".kmf-step-start");
    this.start = splitExpected(codeOf(this.staticView)).program; // the editor gets no #> lines
    /** @type {HTMLDetailsElement | null} */
    this.solutionBlock = block.querySelector("details.kmf-solution");
    this.solution = splitExpected(codeOf(this.solutionBlock)).program; // the editor gets no #> lines
    this.filename = block.dataset.file || `step${n}.py`;
    // How messages name this exercise: "step 3" in a sequence, its heading when it stands alone.
    const heading = /** @type {HTMLElement | undefined} */ (block.querySelector("h2")?.cloneNode(true));
    heading?.querySelector(".headerlink")?.remove();
    this.name = lesson.standalone ? (heading?.textContent?.trim() || `exercise ${n}`) : `step ${n}`;
    this.checkUrl = new URL(block.dataset.check ?? "", document.baseURI).href;
    this.why = block.querySelector(".kmf-step__why");
    const hintsBlock = block.querySelector("details.kmf-hints");
    this.hints = [...(hintsBlock?.querySelectorAll("li") ?? [])];
    /** @type {import("./runner.js").Runnable | null} */
    this.widget = null;
    this.checking = false;
    this.checkButton = button("Check", "kmf-step__check md-button--primary");
    this.hintButton = button("Hint", "kmf-step__hint");
    this.solutionButton = button("Show solution", "kmf-step__show");
    this.checkButton.addEventListener("click", () => {
      if (!isUnavailable(this.checkButton)) this.check();
    });
    this.hintButton.addEventListener("click", () => {
      if (!isUnavailable(this.hintButton)) this.nextHint();
    });
    this.solutionButton.addEventListener("click", () => this.askSolution());

    // With JavaScript the hints come one at a time and the solution after a confirmation.
    hintsBlock?.setAttribute("hidden", "");
    this.solutionBlock?.setAttribute("hidden", "");

    this.lock = el("div", "kmf-step__lock");
    const lockText = el("p", "", `Pass step ${n - 1} to unlock this step, or skip ahead and start from the reference solution of step ${n - 1}.`);
    const skip = button(`Skip to step ${n}`, "kmf-step__skip");
    skip.addEventListener("click", () => {
      this.lesson.state.skipped[n] = true;
      this.lesson.save();
      this.render();
      this.lesson.updateProgress();
      this.widget?.ready.then((editor) => editor.focus?.());
    });
    this.lock.append(lockText, skip);

    this.body = el("div", "kmf-step__body");
    this.hintList = el("ol", "kmf-step__hints");
    this.hintList.setAttribute("aria-label", `Hints for ${this.name}`);
    this.hintList.setAttribute("aria-live", "polite");
    this.feedback = el("div", "kmf-step__feedback");
    this.feedback.setAttribute("role", "status");
    this.explanation = el("p", "kmf-step__explanation");
    this.explanation.hidden = true;

    const anchor = this.staticView ?? need(block, "h2");
    anchor.after(this.lock);
    this.lock.after(this.body);
    this.body.after(this.feedback, this.explanation, this.hintList);
    if (this.solutionBlock) this.hintList.after(this.solutionBlock);
    block.dataset.state = "locked";
  }

  get state() {
    return this.lesson.state;
  }

  render() {
    const unlocked = this.lesson.unlocked(this.n);
    const passed = this.state.passed[this.n] === true;
    // passed, but the latest check of this step failed: that failure is what it shows
    const failedSince = passed && this.feedback.dataset.kind === "fail";
    this.block.dataset.state = failedSince ? "passed-earlier" : passed ? "passed" : unlocked ? "open" : "locked";
    this.lock.hidden = unlocked;
    if (!unlocked) return;
    if (!this.widget) this.build();
    this.renderHints();
    if (this.state.solution[this.n]) this.revealSolution();
    if (passed && !this.feedback.dataset.kind) this.showPassed();
  }

  build() {
    const code = this.state.code[this.n] ?? this.lesson.startCode(this.n);
    this.body.replaceChildren();
    const container = el("div", "kmf-step__runnable");
    this.body.append(container);
    const widget = createRunnable(container, {
      code: this.lesson.startCode(this.n),
      filename: this.filename,
      timeout: DEFAULT_TIMEOUT,
      label: this.lesson.standalone ? this.name : `Step ${this.n}`,
      staticView: this.staticView,
    });
    if (code !== this.lesson.startCode(this.n)) widget.setCode(code);
    else if (this.staticView) {
      // show the real starting code until the editor arrives
      const codeElement = this.staticView.querySelector("code");
      if (codeElement && codeOf(this.staticView) !== code) codeElement.textContent = `${code}\n`;
    }
    // The starting code stands where its editor will be (runner.js hides it then, and the editor
    // takes its height at least): the widget's box does not move when the editor comes.
    if (this.staticView) container.prepend(this.staticView);
    this.widget = widget;
    widget.output.dataset.placeholder = "Press Run or Check: what the program prints appears here.";
    onRan(container, () => {
      widget.output.dataset.placeholder = "The program printed nothing.";
    });
    widget.onChange((text) => {
      // saved on every change (a few KB at most), so a reload right after typing keeps it
      this.state.code[this.n] = text;
      this.state.codeAt[this.n] = Date.now();
      this.lesson.save();
      this.markStale();
    });

    widget.toolbar.append(this.checkButton, this.hintButton, this.solutionButton);
    // Check is the step's main action: Run becomes a secondary button next to it.
    widget.buttons.run.classList.remove("md-button--primary");
  }

  /** @param {number} i */
  hintItem(i) {
    const item = el("li", "kmf-step__hint-item");
    item.append(...[...this.hints[i].childNodes].map((node) => node.cloneNode(true))); // our own Markdown, not learner text
    return item;
  }

  renderHints() {
    const used = Math.min(this.state.hints[this.n] ?? 0, this.hints.length);
    while (this.hintList.children.length > used) this.hintList.lastElementChild?.remove();
    for (let i = this.hintList.children.length; i < used; i++) this.hintList.append(this.hintItem(i));
    this.hintList.hidden = used === 0;
    if (this.hintButton) {
      const left = this.hints.length - used;
      setUnavailable(this.hintButton, left === 0);
      this.hintButton.title = left ? `${left} of ${this.hints.length} hints left` : "No more hints: Show solution is next";
    }
  }

  nextHint() {
    const used = this.state.hints[this.n] ?? 0;
    if (used >= this.hints.length) return;
    this.state.hints[this.n] = used + 1;
    this.lesson.save();
    this.renderHints(); // appends one item to the live list, which announces it
  }

  async askSolution() {
    if (this.state.solution[this.n]) {
      this.revealSolution(true);
      return;
    }
    const used = this.state.hints[this.n] ?? 0;
    const left = this.hints.length - used;
    const question = left
      ? `Show the solution to ${this.name}? ${left} ${left === 1 ? "hint is" : "hints are"} still unused; trying once more teaches more than reading.`
      : `Show the solution to ${this.name}?`;
    const sure = await confirmInline(this.solutionButton, question, "Yes, show it", "Not yet");
    if (!sure) return;
    this.state.solution[this.n] = true;
    this.lesson.save();
    this.revealSolution(true);
  }

  revealSolution(focus = false) {
    const block = this.solutionBlock;
    if (!block) return;
    block.hidden = false;
    block.open = true;
    if (!block.querySelector(".kmf-step__use")) {
      const use = button("Put the solution in the editor", "kmf-step__use");
      use.addEventListener("click", () => {
        this.widget?.setCode(this.solution);
        this.setFeedback("hint", `The solution is in the editor: press Check to complete the ${this.lesson.noun}.`);
        this.checkButton?.focus();
      });
      block.append(use);
    }
    if (focus) block.querySelector("summary")?.focus();
  }

  /**
   * @param {"busy" | "pass" | "fail" | "hint" | "info"} kind  (data-kind: what the feedback is)
   * @param {string} message
   * @param {string} [detail]
   */
  setFeedback(kind, message, detail = "") {
    this.feedback.dataset.kind = kind;
    if (kind !== "pass") this.explanation.hidden = true; // "Why this works" belongs to a pass only
    delete this.feedback.dataset.stale;
    this.feedback.replaceChildren();
    this.feedback.append(el("p", "kmf-step__message", message));
    if (detail) this.feedback.append(el("p", "kmf-step__detail", detail));
  }

  /** The code changed since the feedback was given: say so above it, so it is not read as current. */
  markStale() {
    const kind = this.feedback.dataset.kind;
    if (!kind || kind === "busy" || this.checking || this.feedback.dataset.stale) return;
    this.feedback.dataset.stale = "true";
    const note = kind === "pass"
      ? `Out of date: you changed the code since it passed (step ${this.n} stays passed). Press Check to check it again.`
      : "Out of date: you changed the code since this check. Press Check to check it again.";
    this.feedback.prepend(el("p", "kmf-step__stale", note));
  }

  async check() {
    if (this.checking || !this.widget) return;
    this.checking = true;
    setUnavailable(this.checkButton, true); // not disabled: focus stays on Check
    this.setFeedback("busy", "Checking your code…");
    const code = this.widget.getCode();
    let outcome = null;
    try {
      const after = await checkProgram(this.checkUrl);
      outcome = await this.widget.run({ after });
    } catch (error) {
      outcome = { status: "failed", message: error instanceof Error ? error.message : String(error) };
    } finally {
      this.checking = false;
      setUnavailable(this.checkButton, false);
    }
    if (outcome === null) {
      this.setFeedback("info", "The code is still running: wait for it to finish, then press Check again.");
      return;
    }
    const result = outcome.result;
    // A run stopped by the time limit or by Stop has nothing to judge: say which, whatever the
    // check made of the interrupted program.
    if (outcome.status === "timeout") {
      this.setFeedback(
        "fail",
        `Your program was still running after ${DEFAULT_TIMEOUT} seconds, the time limit, so it was stopped before it finished and there is nothing to check. A loop whose condition never becomes false runs forever: make sure every loop ends.`,
      );
      return;
    }
    if (!isRecord(result) || typeof result.message !== "string") {
      /** @type {Record<string, string>} */
      const reasons = { stopped: "the run was stopped", failed: outcome.message || "Python could not be loaded" };
      const why = reasons[outcome.status ?? ""] ?? "the check did not finish";
      this.setFeedback("fail", `Could not check this run: ${why}. Fix the code or press Check again.`);
      return;
    }
    if (result.passed === true) {
      this.lesson.stepPassed(this.n, code);
      this.showPassed();
    } else {
      this.setFeedback("fail", result.message, typeof result.why === "string" ? result.why : "");
      if (this.state.passed[this.n]) {
        // one verdict at a time: this failure, and a quiet word that the step stays passed
        this.block.dataset.state = "passed-earlier";
        const what = this.lesson.standalone ? "this exercise" : `step ${this.n}`;
        this.feedback.append(el("p", "kmf-step__earlier", `You passed ${what} earlier and it stays passed: this check is of the code in the editor now.`));
      }
    }
  }

  showPassed() {
    this.block.dataset.state = "passed";
    const count = this.lesson.count;
    const ending = this.lesson.done ? `: ${this.lesson.done}` : ".";
    if (this.lesson.standalone) {
      const done = this.lesson.passedCount();
      const tally = done === count
        ? `All ${NUMBERS[count] ?? count} ${this.lesson.noun}s are ${this.lesson.word}${ending}`
        : `${done} of ${count} ${this.lesson.word}.`;
      this.setFeedback("pass", `Passed. ${tally}`);
    } else {
      const all = `All ${NUMBERS[count] ?? count} steps are done`;
      const next = this.n === count ? `${all}${ending}` : `Step ${this.n + 1} is unlocked below.`;
      this.setFeedback("pass", `Step ${this.n} passed. ${next}`);
    }
    // "Why this works": the page's own Markdown (the block's `### Why it works`), cloned
    const why = [...(this.why?.querySelector("p")?.childNodes ?? [])].map((node) => node.cloneNode(true));
    this.explanation.replaceChildren(el("strong", "", "Why this works: "), ...why);
    this.explanation.hidden = why.length === 0;
  }

  reset() {
    this.explanation.textContent = "";
    this.explanation.hidden = true;
    this.feedback.replaceChildren();
    delete this.feedback.dataset.kind;
    this.hintList.replaceChildren();
    this.hintList.hidden = true;
    this.solutionBlock?.setAttribute("hidden", "");
    this.block.querySelector(".kmf-confirm")?.remove();
    if (this.widget && (this.n === 1 || this.lesson.standalone)) {
      this.widget.setCode(this.lesson.startCode(this.n));
      this.widget.clearOutput();
      this.widget.status.textContent = "";
    } else if (this.widget) {
      // Locked again, and rebuilt from the right starting code when it unlocks (the widget's
      // own Reset goes back to the code it was built with). No setCode here: it would save
      // code for this step, which counts as unlocked.
      this.widget = null;
      this.body.replaceChildren();
      if (this.staticView) {
        this.staticView.hidden = false;
        const codeElement = this.staticView.querySelector("code");
        if (codeElement) codeElement.textContent = `${this.lesson.startCode(this.n)}\n`;
        this.lock.before(this.staticView);
      }
    }
  }
}
