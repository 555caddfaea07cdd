// @ts-check
// This browser's own copy of the memory snapshot Python booted from (one entry, for the current
// build), in a Cache Storage cache of this site's own ("kmf-python-snapshot@<namespace>"): another
// course on the same origin keeps its snapshot in its own, which this one never reads, replaces or
// deletes. A restart after Stop, another tab or a returning visitor boots from it (worker_boot.mjs).

import { scoped } from "./namespace.js";

const CACHE_PREFIX = "kmf-python-snapshot@";
// Before namespaces, every site on the origin kept its snapshot in this one cache, and each evicted
// the others'. A site removes its own entry from it (keyed under its own URL) and nothing else.
const LEGACY_CACHE = "kmf-python-snapshot";

/**
 * @typedef {object} SnapshotCache
 * @property {(id: string) => Promise<Response | null>} find this browser's copy of snapshot `id` (a
 *   Response whose body is read while Pyodide sets up), or null
 * @property {(id: string, bytes: Uint8Array<ArrayBuffer>) => Promise<void>} keep store snapshot `id` as the
 *   only entry; never fails (a full or missing Cache Storage: the next boot is a normal one)
 * @property {() => Promise<void>} forget delete this site's cache (its snapshot did not load)
 */

/**
 * The snapshot cache of the site whose namespace is `namespace` (namespace.js); its entries are keyed
 * under the site's pyodide/ folder.
 * @param {string} namespace
 * @param {URL} pyodideDir
 * @returns {SnapshotCache}
 */
export function snapshotCache(namespace, pyodideDir) {
  const name = CACHE_PREFIX + scoped(namespace);
  /** @param {string} id */
  const keyOf = (id) => new URL(`kmf-python-snapshot/${id}`, pyodideDir).href;

  /** This site's entries in the cache every site shared before namespaces; the cache once it is empty. */
  async function forgetLegacy() {
    try {
      if (!(await self.caches.has(LEGACY_CACHE))) return;
      const cache = await self.caches.open(LEGACY_CACHE);
      for (const request of await cache.keys()) if (request.url.startsWith(pyodideDir.href)) await cache.delete(request);
      if ((await cache.keys()).length === 0) await self.caches.delete(LEGACY_CACHE);
    } catch {
      // unavailable: nothing to forget
    }
  }

  return {
    async find(id) {
      try {
        const cache = await self.caches.open(name);
        return (await cache.match(keyOf(id))) ?? null;
      } catch {
        return null; // no Cache Storage here (an insecure origin, a private window)
      }
    },
    async keep(id, bytes) {
      try {
        const cache = await self.caches.open(name);
        for (const request of await cache.keys()) if (request.url !== keyOf(id)) await cache.delete(request);
        // A Blob: the browser takes its bytes without this thread's help, so a program started
        // meanwhile (which holds the thread) cannot stall the write, nor a standby's read queued behind it.
        const body = new Blob([bytes], { type: "application/octet-stream" });
        await cache.put(keyOf(id), new Response(body, { headers: { "Content-Type": "application/octet-stream" } }));
      } catch {
        // full or unavailable: the next boot is a normal one
      }
      await forgetLegacy();
    },
    async forget() {
      try {
        await self.caches.delete(name);
      } catch {
        // nothing to forget
      }
    },
  };
}

/**
 * @typedef {object} Keeper when to write a snapshot to the cache
 * @property {(ms: number, after: "ready" | "run") => void} keepIn write it in `ms` (unless rescheduled);
 *   `after` says which moment it followed
 * @property {() => void} hold not now (a run is due: its set-up awaits, and the write would delay it)
 */

/** @type {Keeper} when there is nothing to keep */
export const NOTHING_TO_KEEP = { keepIn() {}, hold() {} };

/**
 * Write `bytes` (snapshot `id`) to `cache` once, when keepIn's time comes, then report it
 * (`kept(after, ms)`). The bytes (31 MB) are let go once written.
 * @param {SnapshotCache} cache
 * @param {string} id
 * @param {Uint8Array<ArrayBuffer>} bytes
 * @param {(after: "ready" | "run", ms: number) => void} kept
 * @returns {Keeper}
 */
export function keeper(cache, id, bytes, kept) {
  /** @type {Uint8Array<ArrayBuffer> | null} null once written */
  let toKeep = bytes;
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let timer;
  return {
    keepIn(ms, after) {
      clearTimeout(timer);
      if (!toKeep) return;
      timer = setTimeout(() => {
        if (!toKeep) return;
        const begun = performance.now();
        cache.keep(id, toKeep).then(() => kept(after, Math.round(performance.now() - begun)));
        toKeep = null;
      }, ms);
    },
    hold() {
      clearTimeout(timer);
    },
  };
}
