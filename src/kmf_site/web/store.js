// @ts-check
// Saved progress: localStorage only, under this site's versioned prefix ("kmf@<namespace>:v1:",
// namespace.js: two courses on one origin keep apart). Values are JSON, never HTML.
//
// Several tabs share the same storage, so a tab never writes what it holds in memory over what is
// saved: `update(key, merge)` reads the saved record, merges it with the tab's own (a step passed
// stays passed, counts only grow, the newest edit of a program wins by its time) and writes the
// result; `onChange(callback)` hears what other tabs save (the `storage` event) so a page can show
// it. Storage that throws (full, or blocked as in private browsing) or holds an entry that cannot
// be read is told to the reader once, in a polite status; the page goes on with what it has.

import { button, el } from "./dom.js";
import { LEGACY_CHECKED, adoptLegacy, site, storageKeys, storageRoot } from "./namespace.js";

const ROOT = storageRoot(site().namespace); // every key of this site, whatever its version
export const PREFIX = ROOT + "v1:";

try {
  adoptLegacy(localStorage, ROOT, PREFIX); // progress saved before namespaces, once (namespace.js)
} catch {
  /* storage blocked or full: the old keys stay where they are */
}

/** @typedef {"save" | "read"} Trouble */
/** @type {Set<Trouble>} */
const told = new Set();
/** @type {Record<Trouble, string>} */
const NOTES = {
  save:
    "This browser could not save your progress (its storage is full, or blocked as in private browsing). "
    + "What you do here is kept until you leave or reload this page.",
  read: "Some progress saved in this browser could not be read (it was damaged), so it starts again.",
};

/**
 * Tell the reader once per page load that storage failed ("save" or "read").
 * @param {Trouble} kind
 */
function tell(kind) {
  if (told.has(kind) || typeof document === "undefined" || !document.body) return;
  told.add(kind);
  let box = /** @type {HTMLElement | null} */ (document.querySelector(".kmf-storage-note"));
  if (!box) {
    box = el("div", "kmf-storage-note");
    box.setAttribute("role", "status"); // polite: it waits for what the reader is hearing
    box.append(el("p", "kmf-storage-note__text"));
    const dismiss = button("Dismiss", "kmf-storage-note__dismiss");
    const shown = box;
    dismiss.addEventListener("click", () => (shown.hidden = true));
    box.append(dismiss);
    document.body.append(box);
  }
  box.hidden = false;
  const text = /** @type {HTMLElement} */ (box.querySelector(".kmf-storage-note__text"));
  // set in the next task, so the status region exists before its text changes (and is announced)
  setTimeout(() => (text.textContent = [...told].map((k) => NOTES[k]).join(" ")), 50);
}

/**
 * The value saved under `key`, if it passes `valid`; otherwise null (and a bad entry is dropped).
 * `valid` is a type guard, so the value comes back as the type it checked.
 * @template T
 * @param {string} key
 * @param {(value: unknown) => value is T} valid
 * @returns {T | null}
 */
export function load(key, valid) {
  let raw = null;
  try {
    raw = localStorage.getItem(PREFIX + key);
  } catch {
    return null; // storage blocked: nothing saved to read (a save says so)
  }
  if (raw === null) return null;
  try {
    const value = JSON.parse(raw);
    if (valid(value)) return value;
  } catch {
    /* corrupted: fall through */
  }
  tell("read");
  remove(key);
  return null;
}

/**
 * Save `value` under `key` as it is (one tab's own record); false when the browser refused.
 * @param {string} key
 * @param {unknown} value
 */
export function save(key, value) {
  try {
    localStorage.setItem(PREFIX + key, JSON.stringify(value));
    return true;
  } catch {
    tell("save");
    return false;
  }
}

/**
 * Merge this tab's record into the saved one and save the result: `merge(saved)` gets the saved
 * value (null when there is none or it does not pass `valid`) and returns the value to keep.
 * Returns that value, which the caller should adopt as its own.
 * @template T
 * @param {string} key
 * @param {(saved: T | null) => T} merge
 * @param {(value: unknown) => value is T} valid
 * @returns {T}
 */
export function update(key, merge, valid) {
  const value = merge(load(key, valid));
  save(key, value);
  return value;
}

/** @param {string} key */
export function remove(key) {
  try {
    localStorage.removeItem(PREFIX + key);
  } catch {
    /* unavailable */
  }
}

/**
 * Call `callback(key)` when another tab changes a saved entry (key without the prefix; null when
 * everything was cleared). Returns a function that stops listening.
 * @param {(key: string | null) => void} callback
 * @returns {() => void}
 */
export function onChange(callback) {
  /** @param {StorageEvent} event */
  const listener = (event) => {
    if (event.storageArea && event.storageArea !== globalThis.localStorage) return;
    if (event.key === null) return callback(null);
    if (event.key.startsWith(PREFIX)) callback(event.key.slice(PREFIX.length));
  };
  window.addEventListener("storage", listener);
  return () => window.removeEventListener("storage", listener);
}

/**
 * Forget every saved answer, step and score of this site (all versions of its prefix), and nothing
 * of another site on the same origin.
 */
export function clearAll() {
  try {
    for (const key of storageKeys(localStorage)) {
      if (key.startsWith(ROOT) && key !== ROOT + LEGACY_CHECKED) localStorage.removeItem(key);
    }
  } catch {
    /* unavailable */
  }
}

/** How many entries this site has saved (for the hub's progress line). */
export function count() {
  try {
    return storageKeys(localStorage).filter((key) => key.startsWith(PREFIX)).length;
  } catch {
    return 0;
  }
}

/**
 * The keys saved under `prefix` (without the site's own prefix), e.g. keys("quiz:practice:").
 * @param {string} [prefix]
 * @returns {string[]}
 */
export function keys(prefix = "") {
  try {
    return storageKeys(localStorage)
      .filter((key) => key.startsWith(PREFIX + prefix))
      .map((key) => key.slice(PREFIX.length));
  } catch {
    return [];
  }
}

// ------------------------------------------------------------------ merge helpers

/**
 * A saved value that is a JSON object (not null, not a list): what most records are checked for
 * first. Its fields are still unchecked (any), so a reader checks each before using it.
 * @param {unknown} v
 * @returns {v is Record<string, any>}
 */
export const isRecord = (v) => v !== null && typeof v === "object" && !Array.isArray(v);

/**
 * {n: true} maps: true in either stays true.
 * @param {unknown} a
 * @param {unknown} b
 * @returns {Record<string, true>}
 */
export function union(a, b) {
  const out = { ...(isRecord(a) ? a : {}) };
  for (const [k, v] of Object.entries(isRecord(b) ? b : {})) if (v === true) out[k] = true;
  return out;
}

/**
 * {n: count} maps: the larger count of either.
 * @param {unknown} a
 * @param {unknown} b
 * @returns {Record<string, number>}
 */
export function maxima(a, b) {
  const out = { ...(isRecord(a) ? a : {}) };
  for (const [k, v] of Object.entries(isRecord(b) ? b : {})) if (!(out[k] >= v)) out[k] = v;
  return out;
}

/**
 * {n: text} maps with their times {n: ms}: for each n the newer one wins (b on a tie).
 * Returns [values, times].
 * @template V
 * @param {Record<string, V> | undefined} aValues
 * @param {Record<string, number> | undefined} aTimes
 * @param {Record<string, V> | undefined} bValues
 * @param {Record<string, number> | undefined} bTimes
 * @returns {[Record<string, V>, Record<string, number>]}
 */
export function newest(aValues, aTimes, bValues, bTimes) {
  const values = { ...(isRecord(aValues) ? aValues : {}) };
  const times = { ...(isRecord(aTimes) ? aTimes : {}) };
  for (const [k, v] of Object.entries(isRecord(bValues) ? bValues : {})) {
    const tb = Number(bTimes?.[k]) || 0;
    if (!(k in values) || tb >= (Number(times[k]) || 0)) {
      values[k] = v;
      times[k] = tb;
    }
  }
  return [values, times];
}
