// Saved progress: localStorage only, under one versioned prefix. An entry that cannot be read or
// does not pass its check is dropped silently; storage that is full or disabled (privacy modes)
// only means that nothing is kept. Values are JSON, never HTML.

export const PREFIX = "kmf:v1:";

/** The value saved under `key`, if it passes `valid`; otherwise null (and a bad entry is dropped). */
export function load(key, valid = () => true) {
  let raw = null;
  try {
    raw = localStorage.getItem(PREFIX + key);
  } catch {
    return null;
  }
  if (raw === null) return null;
  try {
    const value = JSON.parse(raw);
    if (valid(value)) return value;
  } catch {
    /* corrupted: fall through */
  }
  remove(key);
  return null;
}

export function save(key, value) {
  try {
    localStorage.setItem(PREFIX + key, JSON.stringify(value));
  } catch {
    /* full or unavailable: keep going without saving */
  }
}

export function remove(key) {
  try {
    localStorage.removeItem(PREFIX + key);
  } catch {
    /* unavailable */
  }
}

/** Forget every saved answer, step and score of this site (all versions of the prefix). */
export function clearAll() {
  try {
    for (const key of Object.keys(localStorage)) if (key.startsWith("kmf:")) localStorage.removeItem(key);
  } catch {
    /* unavailable */
  }
}

/** How many entries this site has saved (for the hub's progress line). */
export function count() {
  try {
    return Object.keys(localStorage).filter((key) => key.startsWith(PREFIX)).length;
  } catch {
    return 0;
  }
}

/** The keys saved under `prefix` (without the site's own prefix), e.g. keys("quiz:practice:"). */
export function keys(prefix = "") {
  try {
    return Object.keys(localStorage)
      .filter((key) => key.startsWith(PREFIX + prefix))
      .map((key) => key.slice(PREFIX.length));
  } catch {
    return [];
  }
}
