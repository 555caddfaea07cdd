// @ts-check
// Quiz widgets for the markup kmf_site/quiz/render.py writes. `mount(root)` runs on every page view
// (Material's document$); it is idempotent: mounted elements carry data-kmf-mounted.
//
// Practice (.kmf-q[data-mode=practice]): "Check answer" -> role=status feedback. Right: why, and
// the solution <details> opens. A first wrong pick: why that option is wrong, and another try
// (the answer stays hidden); a second wrong pick, or opening Solution, gives the answer. Answers
// persist.
// Test (.kmf-test): "Submit test" -> score per difficulty + a review of every question;
// "Retake test" shuffles the questions within each difficulty (easy, then medium, then hard, as
// the page promises) and the options of each question; the attempt and the best score persist.
//
// State: localStorage under store.js PREFIX (the site's "kmf@<namespace>:v1:"); anything
// unreadable or malformed is dropped silently.
// Text from storage or the learner is never parsed as HTML: we only set textContent, toggle
// attributes and clone nodes the page itself rendered.

import { isRecord, load, save, update } from "./store.js";
import { report } from "./progress.js";
import { all, el, find, need } from "./dom.js";

/**
 * One question, read from its markup (kmf_site/quiz/render.py).
 * @typedef {object} Question
 * @property {HTMLElement} section
 * @property {string} id
 * @property {string} page  the page's key (its saved answers: "quiz:<page>:<id>")
 * @property {string} difficulty
 * @property {boolean} multiple  checkboxes: more than one option is right
 * @property {HTMLElement[]} options
 * @property {HTMLInputElement[]} inputs
 * @property {number[]} correct  the right options' indexes
 * @property {Map<number, HTMLElement>} why  each option's explanation
 * @property {HTMLElement} optionsBox
 * @property {HTMLElement | null} whyList
 * @property {HTMLElement} status
 * @property {HTMLDetailsElement | null} hint
 * @property {HTMLDetailsElement | null} solution
 * @property {HTMLElement} number
 * @property {HTMLElement | null} title
 * @typedef {{order: string[], perms: Record<string, number[]>, answers: Record<string, number[]>, submitted: boolean}} Attempt
 * @typedef {{score: number, total: number, by: Record<string, [number, number]>}} Score  by difficulty: [right, asked]
 */

const DIFFICULTIES = ["easy", "medium", "hard"];
const LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";

// ------------------------------------------------------------------------------------ storage

/** @param {unknown} v @param {number} n @returns {v is number[]} */
const isIndexList = (v, n) =>
  Array.isArray(v) && v.every((i) => Number.isInteger(i) && i >= 0 && i < n) && new Set(v).size === v.length;
/** @param {unknown} v @param {number} n @returns {v is number[]} */
const isPermutation = (v, n) => isIndexList(v, n) && v.length === n;

// ------------------------------------------------------------------------------------ helpers

/**
 * @template T
 * @param {T[]} items
 * @returns {T[]}
 */
function shuffled(items) {
  const out = items.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/**
 * @template T
 * @param {T[]} items
 * @returns {T[]}
 */
function differentShuffle(items) {
  if (items.length < 2) return items.slice();
  for (let tries = 0; tries < 20; tries++) {
    const out = shuffled(items);
    if (out.some((v, i) => v !== items[i])) return out;
  }
  return items.slice(1).concat(items[0]);
}

/** @type {Record<string, number>} */
const RANK = { easy: 0, medium: 1, hard: 2 };
/** @param {string} difficulty */
const rank = (difficulty) => RANK[difficulty] ?? 1;

/**
 * `ids` shuffled within each difficulty, easy first, different from `ids` where it can be.
 * @param {string[]} ids
 * @param {(id: string) => string} difficultyOf
 */
function shuffleByDifficulty(ids, difficultyOf) {
  const groups = [...new Set(ids.map(difficultyOf))].sort((a, b) => rank(a) - rank(b));
  const sorted = groups.flatMap((d) => ids.filter((id) => difficultyOf(id) === d));
  for (let tries = 0; tries < 20; tries++) {
    const out = groups.flatMap((d) => shuffled(sorted.filter((id) => difficultyOf(id) === d)));
    if (out.some((v, i) => v !== ids[i])) return out;
  }
  return sorted;
}

/**
 * @template T
 * @param {T[]} a
 * @param {T[]} b
 */
const sameSet = (a, b) => a.length === b.length && a.every((x) => b.includes(x));

/** @param {number[]} numbers */
function listWords(numbers) {
  if (numbers.length === 1) return `question ${numbers[0]}`;
  return `questions ${numbers.slice(0, -1).join(", ")} and ${numbers[numbers.length - 1]}`;
}

/**
 * One question's parts, read from the rendered markup.
 * @param {HTMLElement} section
 * @returns {Question}
 */
function readQuestion(section) {
  const options = all(section, ".kmf-q__option");
  const correct = (section.dataset.correct || "")
    .split(",")
    .filter((s) => s !== "")
    .map(Number);
  /** @type {Map<number, HTMLElement>} */
  const why = new Map();
  for (const item of all(section, ".kmf-q__why-item")) why.set(Number(item.dataset.option), item);
  return {
    section,
    id: section.dataset.kmfQ ?? "",
    page: section.dataset.page || "page",
    difficulty: section.dataset.difficulty ?? "",
    multiple: section.dataset.multiple === "true",
    options,
    inputs: options.map((o) => /** @type {HTMLInputElement} */ (need(o, "input"))),
    correct,
    why,
    optionsBox: need(section, ".kmf-q__options"),
    whyList: find(section, ".kmf-q__why"),
    status: need(section, ".kmf-q__feedback"),
    hint: section.querySelector("details.kmf-q__hint"),
    solution: section.querySelector("details.kmf-q__solution"),
    number: need(section, ".kmf-q__num"),
    title: find(section, ".kmf-q__text"),
  };
}

/** @param {Question} q @returns {number[]} the options chosen */
function selected(q) {
  return q.inputs.filter((input) => input.checked).map((input) => Number(input.value));
}

/** @param {Question} q @param {number[]} answer */
function setSelected(q, answer) {
  for (const input of q.inputs) input.checked = answer.includes(Number(input.value));
}

/** @param {Question} q @param {number} index */
function letterOf(q, index) {
  const option = q.options.find((o) => Number(o.dataset.option) === index);
  return option?.querySelector(".kmf-q__letter")?.textContent?.replace(".", "") ?? "?";
}

/**
 * Paragraph "B. <option text>: <why>" built from the page's own nodes (never from strings).
 * @param {Question} q
 * @param {number} index
 */
function explainOption(q, index) {
  const p = el("p", "kmf-q__explain");
  const item = q.why.get(index);
  const option = q.options.find((o) => Number(o.dataset.option) === index);
  const label = option?.querySelector("label");
  const strong = el("strong");
  if (label) for (const child of label.childNodes) strong.append(child.cloneNode(true));
  p.append(strong);
  const text = item?.querySelector(".kmf-q__why-text");
  if (text?.textContent?.trim()) {
    p.append(document.createTextNode(" "));
    for (const child of text.childNodes) p.append(child.cloneNode(true));
  }
  return p;
}

/** @param {Question} q */
function clearMarks(q) {
  q.section.classList.remove("is-correct", "is-wrong", "is-unanswered");
  for (const option of q.options) option.classList.remove("is-right", "is-chosen-wrong");
  for (const input of q.inputs) input.removeAttribute("aria-describedby");
  q.status.replaceChildren();
}

/** @param {Question} q @param {number[]} answer */
function markOptions(q, answer) {
  for (const option of q.options) {
    const index = Number(option.dataset.option);
    option.classList.toggle("is-right", q.correct.includes(index));
    option.classList.toggle("is-chosen-wrong", answer.includes(index) && !q.correct.includes(index));
  }
}

/**
 * Fill the question's role=status element with the verdict and why.
 * @param {Question} q
 * @param {number[]} answer
 * @param {{review?: boolean}} [options]
 */
function showVerdict(q, answer, { review = false } = {}) {
  const right = sameSet(answer, q.correct);
  q.section.classList.toggle("is-correct", right);
  q.section.classList.toggle("is-wrong", !right);
  markOptions(q, answer);
  const head = el("p", "kmf-q__verdict-line");
  const word = el("strong", "kmf-q__verdict-word", right ? "Correct!" : "Not quite.");
  head.append(word);
  const rightLetters = q.correct.map((i) => letterOf(q, i)).join(" and ");
  if (!right) {
    const chosen = answer.map((i) => letterOf(q, i)).join(" and ");
    head.append(
      document.createTextNode(
        ` You chose ${chosen}; the right answer is ${rightLetters}.` +
          (review ? "" : " Here is why your choice does not work:"),
      ),
    );
  } else {
    head.append(document.createTextNode(q.multiple ? ` ${rightLetters} are right.` : ` ${rightLetters} is right.`));
  }
  const parts = [head];
  const explain = right ? answer : answer.filter((i) => !q.correct.includes(i));
  for (const index of explain) parts.push(explainOption(q, index));
  if (!right && review) for (const index of q.correct) parts.push(explainOption(q, index));
  const more = el("p", "kmf-q__more", review ? "The explanation is open below." : "The full solution is open below.");
  parts.push(more);
  q.status.replaceChildren(...parts);
  if (q.solution) {
    q.solution.hidden = false;
    q.solution.open = true;
  }
}

/**
 * A first wrong pick in Practice: why the chosen option is wrong, and another try.
 * @param {Question} q
 * @param {number[]} answer
 */
function showFirstWrong(q, answer) {
  clearMarks(q);
  q.section.classList.add("is-wrong");
  for (const option of q.options) {
    option.classList.toggle("is-chosen-wrong", answer.includes(Number(option.dataset.option)) && !q.correct.includes(Number(option.dataset.option)));
  }
  const head = el("p", "kmf-q__verdict-line");
  head.append(el("strong", "kmf-q__verdict-word", "Not quite."));
  const wrong = answer.filter((i) => !q.correct.includes(i));
  const chosen = answer.map((i) => letterOf(q, i)).join(" and ");
  const missing = q.correct.filter((i) => !answer.includes(i)).length;
  head.append(
    document.createTextNode(
      wrong.length
        ? ` You chose ${chosen}. Here is why ${wrong.length > 1 ? "those do" : "that does"} not work:`
        : ` You chose ${chosen}: ${chosen.includes(" and ") ? "those are" : "that is"} right, but ${missing > 1 ? "other options are" : "another option is"} right too.`,
    ),
  );
  const again = el("p", "kmf-q__more", "Try another answer, then press Check answer again. The Solution below has the answer if you want it now.");
  q.status.replaceChildren(head, ...wrong.map((index) => explainOption(q, index)), again);
}

// ------------------------------------------------------------------------------------ practice

/**
 * @param {HTMLElement} section
 * @returns {{page: string, answered: () => boolean} | undefined}
 */
function mountPractice(section) {
  const q = readQuestion(section);
  const key = `quiz:${q.page}:${q.id}`;
  const n = q.options.length;
  const actions = find(section, ".kmf-q__actions");
  const button = find(section, ".kmf-q__check");
  if (!button || !actions) return;
  actions.hidden = false;

  /** @typedef {{answer: number[], checked: boolean, answered?: boolean, wrong?: number}} Answer */
  /** @type {Answer} */
  const state = load(
    key,
    /** @returns {v is Answer} */
    (v) =>
      isRecord(v) &&
      isIndexList(v.answer, n) &&
      typeof v.checked === "boolean" &&
      (v.wrong === undefined || (Number.isInteger(v.wrong) && v.wrong >= 0)),
  ) || { answer: [], checked: false };
  state.answered = state.answered === true || state.checked; // answered once: counts on the hub
  state.wrong ??= 0; // wrong checks so far: the answer is shown from the second one
  // This tab's answer is saved as the reader's latest; what another tab saved meanwhile only adds
  // to it: a question answered once stays answered (the hub counts it), wrong checks only grow.
  const saveState = () => {
    const mine = { ...state };
    update(key, (saved) => ({
      ...mine,
      answered: mine.answered === true || mine.checked || (isRecord(saved) && (saved.answered === true || saved.checked === true)),
      wrong: Math.max(mine.wrong ?? 0, isRecord(saved) && Number.isInteger(saved.wrong) ? Number(saved.wrong) : 0),
    }), isRecord);
  };

  /** @param {number[]} answer */
  function verdict(answer) {
    if (sameSet(answer, q.correct) || (state.wrong ?? 0) >= 2) showVerdict(q, answer);
    else showFirstWrong(q, answer);
  }

  section.addEventListener("change", (event) => {
    if (!q.inputs.some((input) => input === event.target)) return;
    state.answer = selected(q);
    state.checked = false;
    clearMarks(q);
    saveState();
  });

  button.addEventListener("click", () => {
    const answer = selected(q);
    if (answer.length === 0) {
      clearMarks(q);
      q.status.replaceChildren(el("p", "kmf-q__verdict-line", "Choose an answer first, then press Check answer."));
      q.inputs[0]?.focus();
      return;
    }
    state.answer = answer;
    state.checked = true;
    state.answered = true;
    if (!sameSet(answer, q.correct)) state.wrong = (state.wrong ?? 0) + 1;
    saveState();
    verdict(answer);
    // the page's progress (mount), and a page that is done by being read (reading.js), hear of it
    section.dispatchEvent(new CustomEvent("kmf:answered", { bubbles: true }));
  });

  if (state.answer.length) {
    setSelected(q, state.answer);
    if (state.checked) verdict(state.answer);
  }
  return { page: q.page, answered: () => state.answered === true };
}

// ------------------------------------------------------------------------------------ test

/** @param {HTMLElement} container  the test's .kmf-test */
function mountTest(container) {
  const box = need(container, ".kmf-test__questions");
  const questions = all(box, ".kmf-q").map(readQuestion);
  if (!questions.length) return;
  const byId = new Map(questions.map((q) => [q.id, q]));
  /** @param {string} id */
  const question = (id) => /** @type {Question} */ (byId.get(id));
  const ids = questions.map((q) => q.id);
  const testKey = `test:${container.dataset.kmfTest || "test"}`;
  const controls = need(container, ".kmf-test__controls");
  const submit = need(container, ".kmf-test__submit");
  const retake = need(container, ".kmf-test__retake");
  const result = need(container, ".kmf-test__result");
  const bestLine = need(container, ".kmf-test__best");
  controls.hidden = false;
  result.tabIndex = -1;

  /** @param {unknown} v @returns {v is Attempt} */
  const validAttempt = (v) =>
    isRecord(v) &&
    Array.isArray(v.order) &&
    v.order.length === ids.length &&
    sameSet(v.order, ids) &&
    isRecord(v.perms) &&
    ids.every((id) => isPermutation(v.perms[id], question(id).options.length)) &&
    isRecord(v.answers) &&
    Object.entries(v.answers).every(([id, a]) => byId.has(id) && isIndexList(a, question(id).options.length)) &&
    typeof v.submitted === "boolean";
  /** @param {unknown} v @returns {v is Score} */
  const validScore = (v) =>
    isRecord(v) &&
    Number.isInteger(v.score) &&
    v.total === ids.length &&
    v.score >= 0 &&
    v.score <= v.total &&
    isRecord(v.by) &&
    Object.values(v.by).every((pair) => Array.isArray(pair) && pair.length === 2 && pair.every(Number.isInteger));
  const best = () => load(`${testKey}:best`, validScore);
  // the hub's line for the test: its best score (progress.js keeps the higher one)
  const reportBest = () => {
    const kept = best();
    if (kept) report(container.dataset.kmfTest || "test", { done: true, count: kept.score, text: `Best score ${kept.score} / ${kept.total}` });
  };

  /** @returns {Attempt} */
  const fresh = () => ({
    order: ids.slice(),
    perms: Object.fromEntries(questions.map((q) => [q.id, q.options.map((_, i) => i)])),
    answers: {},
    submitted: false,
  });
  let attempt = load(`${testKey}:attempt`, validAttempt) || fresh();
  // an attempt saved before the order kept the difficulties: easy, medium, hard again (stable)
  /** @param {string} id */
  const difficultyOf = (id) => question(id).difficulty;
  attempt.order = attempt.order
    .map((id, i) => /** @type {[string, number]} */ ([id, i]))
    .sort((a, b) => rank(difficultyOf(a[0])) - rank(difficultyOf(b[0])) || a[1] - b[1])
    .map(([id]) => id);

  function layout() {
    attempt.order.forEach((id, position) => {
      const q = question(id);
      box.append(q.section);
      q.number.textContent = `Question ${position + 1}`;
      for (const ref of all(q.section, ".kmf-q__letter-ref")) {
        // the final answer's "(option B)" names the option, wherever the shuffle put it
        const shown = attempt.perms[id].indexOf(Number(ref.dataset.option));
        if (shown >= 0) ref.textContent = LETTERS[shown];
      }
      attempt.perms[id].forEach((index, shown) => {
        const option = q.options.find((o) => Number(o.dataset.option) === index);
        if (!option) return;
        q.optionsBox.append(option);
        need(option, ".kmf-q__letter").textContent = `${LETTERS[shown]}.`;
        const why = q.why.get(index);
        if (why && q.whyList) {
          q.whyList.append(why);
          need(why, ".kmf-q__letter").textContent = `${LETTERS[shown]}.`;
        }
      });
      setSelected(q, attempt.answers[id] || []);
    });
  }

  /** @returns {Score} */
  function score() {
    /** @type {Record<string, [number, number]>} */
    const by = Object.fromEntries(DIFFICULTIES.map((d) => [d, [0, 0]]));
    let total = 0;
    for (const q of questions) {
      const right = sameSet(attempt.answers[q.id] || [], q.correct);
      const bucket = (by[q.difficulty] ||= [0, 0]);
      bucket[1] += 1;
      if (right) {
        bucket[0] += 1;
        total += 1;
      }
    }
    return { score: total, total: questions.length, by };
  }

  /** @param {Score} s */
  const summary = (s) =>
    DIFFICULTIES.filter((d) => s.by[d] && s.by[d][1])
      .map((d) => `${d[0].toUpperCase()}${d.slice(1)} ${s.by[d][0]} / ${s.by[d][1]}`)
      .join(" · ");

  function showBest() {
    const b = best();
    bestLine.hidden = !b;
    if (b) bestLine.textContent = `Your best score so far: ${b.score} / ${b.total} (${summary(b)}).`;
  }

  /** @param {Score} s @param {{announce: boolean}} options */
  function showResult(s, { announce }) {
    const heading = el("p", "kmf-test__score");
    heading.append(el("strong", "", `You scored ${s.score} / ${s.total}.`));
    const list = el("ul", "kmf-test__by");
    for (const d of DIFFICULTIES) {
      if (!s.by[d] || !s.by[d][1]) continue;
      const item = el("li", `kmf-test__by-item kmf-test__by-item--${d}`);
      item.append(el("span", `kmf-q__difficulty kmf-q__difficulty--${d}`, d), document.createTextNode(` ${s.by[d][0]} / ${s.by[d][1]}`));
      list.append(item);
    }
    const wrong = attempt.order
      .map((id, i) => /** @type {[Question, number]} */ ([question(id), i + 1]))
      .filter(([q]) => !sameSet(attempt.answers[q.id] || [], q.correct));
    // The score sits under the questions: the review is above it, and each number is a link.
    const next = el("p", "kmf-test__next");
    if (wrong.length) {
      next.append(`Review ${wrong.length === 1 ? "question" : "questions"} `);
      wrong.forEach(([q, number], i) => {
        if (i) next.append(i === wrong.length - 1 ? " and " : ", ");
        const link = el("a", "kmf-test__review-link", String(number));
        link.href = `#${q.section.id}`;
        link.setAttribute("aria-label", `question ${number}`);
        // the question comes into view and takes focus (a plain #hash does not scroll under
        // Material's instant navigation)
        link.addEventListener("click", (event) => {
          event.preventDefault();
          event.stopPropagation(); // Material's instant navigation would scroll elsewhere
          history.replaceState(history.state, "", link.href);
          q.section.tabIndex = -1;
          q.section.scrollIntoView({ block: "start" });
          q.section.focus({ preventScroll: true });
        });
        next.append(link);
      });
      next.append(" above: each explanation is open. Press Retake test to try again with the questions shuffled within each difficulty.");
    } else {
      next.append("Every answer is right. The review above has each explanation; Retake test shuffles the questions within each difficulty.");
    }
    result.replaceChildren(heading, list, next);
    if (announce) result.focus();
  }

  function review() {
    for (const q of questions) {
      for (const input of q.inputs) input.disabled = true;
      showVerdict(q, attempt.answers[q.id] || [], { review: true });
    }
    submit.hidden = true;
    retake.hidden = false;
  }

  function reset() {
    for (const q of questions) {
      clearMarks(q);
      for (const input of q.inputs) input.disabled = false;
      for (const details of [q.hint, q.solution]) {
        if (!details) continue;
        details.open = false;
        details.hidden = true; // no peeking during the test; the review reveals them
      }
    }
    submit.hidden = false;
    retake.hidden = true;
    result.replaceChildren();
  }

  box.addEventListener("change", (event) => {
    const section = /** @type {HTMLElement | null} */ (/** @type {Element} */ (event.target).closest(".kmf-q"));
    const q = section && byId.get(section.dataset.kmfQ ?? "");
    if (!q || attempt.submitted) return;
    attempt.answers[q.id] = selected(q);
    if (!attempt.answers[q.id].length) delete attempt.answers[q.id];
    if (q.section.classList.contains("is-unanswered")) {
      q.section.classList.remove("is-unanswered");
      q.status.replaceChildren();
    }
    save(`${testKey}:attempt`, attempt);
  });

  submit.addEventListener("click", () => {
    const missing = attempt.order.map((id, i) => /** @type {[Question, number]} */ ([question(id), i + 1])).filter(([q]) => !selected(q).length);
    if (missing.length) {
      for (const q of questions) q.section.classList.remove("is-unanswered");
      for (const [q] of missing) {
        q.section.classList.add("is-unanswered");
        q.status.replaceChildren(el("p", "kmf-q__verdict-line", "Not answered yet."));
      }
      const numbers = missing.map(([, n]) => n);
      const message = el(
        "p",
        "kmf-test__missing",
        `Almost there: ${listWords(numbers)} ${numbers.length === 1 ? "has" : "have"} no answer yet. ` +
          `Answer ${numbers.length === 1 ? "it" : "them"}, then press Submit test again.`,
      );
      result.replaceChildren(message);
      const [first] = missing[0];
      (first.inputs.find((i) => i.checked) || first.inputs[0]).focus();
      first.section.scrollIntoView({ block: "center" });
      return;
    }
    for (const q of questions) attempt.answers[q.id] = selected(q);
    attempt.submitted = true;
    save(`${testKey}:attempt`, attempt);
    const s = score();
    const previous = best();
    // the best score only grows, whatever another tab saved meanwhile
    if (!previous || s.score > previous.score) {
      update(`${testKey}:best`, (saved) => (saved && saved.score >= s.score ? saved : { ...s, at: new Date().toISOString() }), validScore);
    }
    review();
    showResult(s, { announce: true });
    showBest();
    reportBest();
  });

  retake.addEventListener("click", () => {
    attempt = {
      order: shuffleByDifficulty(attempt.order, difficultyOf),
      perms: Object.fromEntries(questions.map((q) => [q.id, differentShuffle(attempt.perms[q.id])])),
      answers: {},
      submitted: false,
    };
    save(`${testKey}:attempt`, attempt);
    reset();
    layout();
    const first = question(attempt.order[0]);
    container.scrollIntoView({ block: "start" });
    first.inputs[0].focus();
  });

  reset();
  layout();
  showBest();
  reportBest();
  if (attempt.submitted) {
    review();
    showResult(score(), { announce: false });
  }
}

// ------------------------------------------------------------------------------------ mount

/** @param {ParentNode} [root] */
export function mount(root = document) {
  for (const container of all(root, ".kmf-test:not([data-kmf-mounted])")) {
    container.dataset.kmfMounted = "";
    mountTest(container);
  }
  /** @type {Map<string, (() => boolean)[]>} each page's questions: answered yet? */
  const pages = new Map();
  for (const section of all(root, '.kmf-q[data-mode="practice"]:not([data-kmf-mounted])')) {
    section.dataset.kmfMounted = "";
    const question = mountPractice(section);
    if (!question) continue;
    pages.set(question.page, [...(pages.get(question.page) ?? []), question.answered]);
    section.addEventListener("kmf:answered", () => reportPractice(question.page, pages.get(question.page) ?? []));
  }
  for (const [page, questions] of pages) reportPractice(page, questions);
}

/**
 * The hub's line for a page of practice questions ("3 of 8 questions answered"), unless the page
 * is done by being read (its data-kmf-mode-read mark reports it: reading.js).
 * @param {string} page
 * @param {(() => boolean)[]} questions
 */
function reportPractice(page, questions) {
  if (document.querySelector(`[data-kmf-mode-read="${CSS.escape(page)}"]`)) return;
  const n = questions.filter((answered) => answered()).length;
  if (n) report(page, { done: n === questions.length, count: n, text: `${n} of ${questions.length} questions answered` });
}
