// @ts-check
// How a learning mode reports its progress to the hub, and the one place the hub reads it from.
// CONTRIBUTING.md, "How a mode reports progress", says how to use it.
//
// A mode (the hub's card `data-kmf-mode="<mode>"`) is reported by the widgets on its page, each
// as one part: `report(mode, {done, count, text})` for the page's own widget, `report(mode, ...,
// part)` for a second widget on the same page (the on-call game on the Lab's page). A part is a
// record {done, count, text}: `count` is how far the reader got, as a number (what the record is
// compared by), `text` what the hub shows ("3 of 5 fixed"). Saved under the store key
// "progress:<mode>" (the main part) or "progress:<mode>:<part>".
//
// A record never goes back: of the saved record and this tab's, the one further on is kept (done
// beats not done, then the larger count), so a reload that counts from nothing, or an older tab,
// never lowers what the hub shows. Only Reset progress forgets it.
//
// `read(mode)` gives the hub the mode as one {done, text}: done when any part is done (each part
// is one way through its page), the parts' texts joined with "; ", the main part first.
//
// Progress saved before this module (the hub read it from each widget's own keys) is moved here,
// so a learner loses nothing: "mode:<slug>" records ({done, text}) become main parts and are
// removed when this module loads (on any page); a mode with no main part yet, when the hub reads
// it, gets one from its page's own saved state, by the kind of page the hub's card names
// (`olderState`; that state stays where it is: it is the page's own).
import { isRecord, keys, load, onChange, remove, update } from "./store.js";

/**
 * @typedef {{done: boolean, count: number, text: string}} Part  one widget's progress on its mode
 * @typedef {{done: boolean, text: string}} Shown  what the hub shows for a mode
 * @typedef {{kind?: string, total?: number, savedBefore?: string}} OlderPage  the hub card's facts
 *   about its page, for progress saved before this module (`kind`: "exercises", "practice", "test")
 */

const MAX_TEXT = 200;


/** @param {unknown} v @returns {v is Part} */
export const isPart = (v) =>
  isRecord(v) && typeof v.done === "boolean" && Number.isInteger(v.count) && Number(v.count) >= 0
  && typeof v.text === "string" && v.text.length <= MAX_TEXT;

/**
 * Of two records of one part, the one further on: done beats not done, then the larger count; on
 * a tie `mine` (this tab's newer words).
 * @param {Part | null} saved
 * @param {Part} mine
 * @returns {Part}
 */
export function further(saved, mine) {
  if (!saved) return mine;
  if (saved.done !== mine.done) return saved.done ? saved : mine;
  return saved.count > mine.count ? saved : mine;
}

/**
 * The parts of one mode as the hub shows it (null when there are none).
 * @param {Part[]} parts  main part first
 * @returns {Shown | null}
 */
export function combine(parts) {
  if (!parts.length) return null;
  return { done: parts.some((part) => part.done), text: parts.map((part) => part.text).filter(Boolean).join("; ") };
}

/** @param {string} mode @param {string} [part] */
const keyOf = (mode, part = "") => (part ? `progress:${mode}:${part}` : `progress:${mode}`);

/**
 * Merge `progress` into the part saved under `key` (never going back) and save it.
 * @param {string} key
 * @param {{done: boolean, count: number, text: string}} progress
 * @returns {Part}
 */
function keep(key, { done, count, text }) {
  const mine = { done: Boolean(done), count: Math.max(0, Math.floor(Number(count) || 0)), text: String(text).slice(0, MAX_TEXT) };
  return update(key, (saved) => further(isPart(saved) ? saved : null, mine), isPart);
}

/**
 * Report mode `mode`'s progress (one part of it: the page's own widget leaves `part` out). What
 * is saved never goes back (`further`); returns the record kept.
 * @param {string} mode
 * @param {{done: boolean, count: number, text: string}} progress
 * @param {string} [part]
 * @returns {Part}
 */
export function report(mode, { done, count, text }, part = "") {
  const kept = keep(keyOf(mode, part), { done, count, text });
  globalThis.document?.dispatchEvent(new CustomEvent("kmf:progress", { detail: { mode, part } })); // this page's hub
  return kept;
}

/**
 * Forget what was reported for mode `mode` (one part of it; `part` left out: the main part): an
 * explicit reset of the page's progress is the one way back.
 * @param {string} mode
 * @param {string} [part]
 */
export function forget(mode, part = "") {
  remove(keyOf(mode, part));
}

/**
 * Mode `mode` as the hub shows it: its parts combined, or null when nothing is saved.
 * `older`: the hub card's facts about its page, to read progress saved before this module.
 * @param {string} mode
 * @param {OlderPage} [older]
 * @returns {Shown | null}
 */
export function read(mode, older = {}) {
  let main = /** @type {Part | null} */ (load(keyOf(mode), isPart));
  if (!main) {
    const before = olderState(mode, older);
    if (before) main = keep(keyOf(mode), before);
  }
  const parts = keys(`${keyOf(mode)}:`).sort().map((key) => /** @type {Part | null} */ (load(key, isPart)));
  return combine([main, ...parts].filter((part) => part !== null));
}

/**
 * Call `callback` when saved progress changes: reported on this page or in another tab, or
 * forgotten by this page's Reset progress. Returns a function that stops listening.
 * @param {() => void} callback
 * @returns {() => void}
 */
export function onProgress(callback) {
  const stop = onChange((key) => {
    if (key === null || key.startsWith("progress:")) callback();
  });
  const events = ["kmf:progress", "kmf:progress-reset"];
  for (const name of events) document.addEventListener(name, callback);
  return () => {
    stop();
    for (const name of events) document.removeEventListener(name, callback);
  };
}

// ------------------------------------------------------------------ progress saved before this module

/** The count a pre-progress.js summary's text gives ("3 of 5 fixed": 3), else 1 when done. */
/** @param {{done: boolean, text: string}} record */
const countOfText = (record) => Number(record.text.match(/\d+/)?.[0] ?? (record.done ? 1 : 0));

/** @param {unknown} v @returns {v is {done: boolean, text: string}} */
const isModeRecord = (v) => isRecord(v) && typeof v.done === "boolean" && typeof v.text === "string" && v.text.length <= MAX_TEXT;

/** Every "mode:<slug>" record (how a page reported before) becomes that mode's main part. */
function adoptModeRecords() {
  for (const key of keys("mode:")) {
    const record = load(key, isModeRecord); // a damaged one is dropped by load
    if (record) keep(keyOf(key.slice("mode:".length)), { ...record, count: countOfText(record) });
    remove(key);
  }
}

adoptModeRecords(); // on every page load, before any page reads or resets progress

/**
 * A mode's progress from its page's own saved state, as the hub read it before this module
 * (exercises: steps passed; practice: questions answered; test: the best score), or null.
 * @param {string} mode
 * @param {OlderPage} older
 * @returns {Part | null}
 */
function olderState(mode, { kind = "", total = 1, savedBefore = "" }) {
  if (kind === "exercises") {
    const state = load(`exercises:${mode}`, isRecord) ?? (savedBefore ? load(savedBefore, isRecord) : null);
    if (!state) return null;
    const passed = isRecord(state.passed) ? state.passed : {};
    const n = Array.from({ length: total }, (_, i) => passed[i + 1] === true).filter(Boolean).length;
    return n ? { done: n >= total, count: n, text: `${n} of ${total} steps` } : null;
  }
  if (kind === "practice") {
    const n = Math.min(total, answered(mode));
    return n ? { done: n >= total, count: n, text: `${n} of ${total} questions answered` } : null;
  }
  if (kind === "test") {
    const best = load(`test:${mode}:best`, /** @returns {v is {score: number, total: number}} */ (v) => isRecord(v) && Number.isInteger(v.score) && Number.isInteger(v.total));
    return best ? { done: true, count: best.score, text: `Best score ${best.score} / ${best.total}` } : null;
  }
  return null;
}

/**
 * How many practice questions of page `page` the reader has answered (checked once, or `answered`
 * kept by quiz.js when the choice later changed), from quiz.js's record of each question.
 * @param {string} page
 */
function answered(page) {
  return keys(`quiz:${page}:`).filter((key) => load(key, /** @returns {v is object} */ (v) => isRecord(v) && (v.checked === true || v.answered === true))).length;
}
