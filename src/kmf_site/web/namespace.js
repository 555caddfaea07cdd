// @ts-check
// One namespace per site. Two courses built with this machinery may share an origin (two GitHub
// Pages project sites of one user are both on user.github.io), and localStorage and Cache Storage
// belong to the origin: so everything a course keeps in the browser is named after its namespace
// (saved progress and its Reset, the service worker's caches and their clean-up, Python's snapshot
// and its eviction), and a site only ever reads, replaces or deletes what carries its own name, and
// what was kept before namespaces by the rules of `adoptLegacy` below (sw.js, worker.mjs: caches).
//
// The namespace is read here and nowhere else: the page's <meta name="kmf-namespace" content="...">
// when it has one (a setting of the site's build), else the site's root path as Material knows it,
// its base URL resolved against the page ("/keep-models-fresh/" on a project site, "/" at a domain
// root). The page hands it to the Python worker (its "init" message) and to the service worker (the
// `ns` parameter of sw.js's URL).

/**
 * The namespace from what a page says: `meta` (the kmf-namespace meta tag's content, or null),
 * `base` (Material's base URL, relative to the page, or null) and `page` (the page's address).
 * @param {{meta?: string | null, base?: string | null, page: string}} said
 * @returns {string}
 */
export function namespaceOf({ meta = null, base = null, page }) {
  const named = typeof meta === "string" ? meta.trim() : "";
  if (named) return named;
  try {
    return new URL(base ?? "/", page).pathname;
  } catch {
    return "/";
  }
}

/**
 * Material's base URL (its `__config` script's "base"), or null outside a Material page.
 * @param {Document} doc
 * @returns {string | null}
 */
function materialBase(doc) {
  try {
    const base = JSON.parse(doc.getElementById("__config")?.textContent ?? "null")?.base;
    return typeof base === "string" ? base : null;
  } catch {
    return null;
  }
}

/** @typedef {{namespace: string, root: URL | null}} Site root: null outside a page */

/** @type {Site | null} */
let current = null;

/**
 * This site's namespace and root (a URL), read from the first page this module sees: Material's
 * instant navigation keeps the module, and a page it swaps in may keep the previous page's base.
 * @returns {Site}
 */
export function site() {
  if (current) return current;
  if (typeof document === "undefined") return { namespace: "/", root: null };
  const page = location.href;
  const meta = document.querySelector('meta[name="kmf-namespace"]')?.getAttribute("content") ?? null;
  const base = materialBase(document);
  // Material's scope (a URL), set by its page template before any script runs
  const scope = /** @type {{__md_scope?: URL}} */ (globalThis).__md_scope;
  const root = new URL(base ?? scope?.href ?? "/", page);
  current = { namespace: namespaceOf({ meta, base: root.href, page }), root };
  return current;
}

/**
 * The namespace as part of a name: "%" and ":" escaped, so one name's part never starts another's.
 * @param {string} namespace
 * @returns {string}
 */
export function scoped(namespace) {
  return namespace.replace(/[%:]/g, (c) => encodeURIComponent(c));
}

// ------------------------------------------------------------------ saved progress

/**
 * Every localStorage key of a site starts with this ("kmf@/keep-models-fresh/:"), then the
 * version of its records ("v1:"). Keys from before namespaces ("kmf:v1:...") start with "kmf:",
 * so the clean-up of a site still running that older code never deletes a namespaced key.
 * @param {string} namespace
 * @returns {string}
 */
export function storageRoot(namespace) {
  return `kmf@${scoped(namespace)}:`;
}

/** Where progress was saved before namespaces: one set of keys for the whole origin. */
export const LEGACY_PREFIX = "kmf:v1:";
/** Under a site's root: set once the site has looked for progress saved under LEGACY_PREFIX. */
export const LEGACY_CHECKED = "legacy-checked";

/**
 * Every key in `storage` (a Storage: localStorage).
 * @param {Storage} storage
 * @returns {string[]}
 */
export function storageKeys(storage) {
  const keys = [];
  for (let i = 0; i < storage.length; i++) {
    const key = storage.key(i);
    if (key !== null) keys.push(key);
  }
  return keys;
}

/**
 * Take over progress saved before namespaces (keys `LEGACY_PREFIX + key`, written when one origin
 * held one course's progress) into `prefix` (`storageRoot(namespace) + "v1:"`), by this rule:
 *
 * - a site looks for it once, on its first page load with namespaces (it notes that it did under
 *   `root + LEGACY_CHECKED`, which Reset keeps): old keys written later by a course still running
 *   the older code are that course's, not this one's;
 * - it takes them only when it has saved nothing under `prefix` yet; so of two courses on one
 *   origin, the first that finds them takes them (that is the course whose older version wrote
 *   them, unless the reader opens the other course first);
 * - taking them moves them: each is copied, and the old keys are removed once every copy is
 *   saved; if the browser refuses a copy (full storage), the copies are removed again, the old
 *   keys stay and the next page load tries again.
 *
 * Works on any Storage (localStorage). Returns the keys moved (without the prefix). Two tabs of
 * two courses loading their first page in the same instant may both copy them: then both keep
 * them, and nothing is lost.
 * @param {Storage} storage
 * @param {string} root storageRoot(namespace)
 * @param {string} prefix where this site's records go
 * @returns {string[]}
 */
export function adoptLegacy(storage, root, prefix) {
  const checked = root + LEGACY_CHECKED;
  if (storage.getItem(checked) !== null) return [];
  const all = storageKeys(storage);
  const legacy = all.filter((key) => key.startsWith(LEGACY_PREFIX)).map((key) => key.slice(LEGACY_PREFIX.length));
  if (all.some((key) => key.startsWith(prefix)) || legacy.length === 0) {
    storage.setItem(checked, "1");
    return [];
  }
  const copied = [];
  try {
    for (const key of legacy) {
      storage.setItem(prefix + key, String(storage.getItem(LEGACY_PREFIX + key)));
      copied.push(key);
    }
    storage.setItem(checked, "1");
  } catch (error) {
    for (const key of copied) storage.removeItem(prefix + key);
    throw error;
  }
  for (const key of legacy) storage.removeItem(LEGACY_PREFIX + key);
  return legacy;
}
