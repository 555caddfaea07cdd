// @ts-check
// The site's service worker (served as sw.js at the site's root, /sw.js or /<repo>/sw.js on a project
// site, so its scope is every page of the site and nothing outside it).
//
// - Offline after one visit: every file of the build (pages, Pyodide, the course's own wheels...)
//   is kept in one Cache Storage cache per build, "kmf-site@<namespace>:<build>". A file is stored when the
//   page first fetches it (the response streams to the page while a copy is stored; see
//   SERVE_STORED for .wasm), and the page asks for the rest ("fill") once the browser is idle
//   and Python quiet. The fill waits while the page is fetching or running a program ("pause"
//   until the next "fill") and takes what the HTTP cache already holds, so nothing is downloaded
//   twice. Every stored file is checked against the build's SHA-256, so one cache never mixes
//   builds (a file from another build is passed on, not stored).
// - A new build ships a new sw.js: it copies the unchanged files from the old cache, fetches the
//   changed ones, then waits until the reader accepts ("skip-waiting"); the old cache is deleted
//   when it takes over.
// - Caches are named after the site's namespace (the page registers sw.js?ns=<namespace>; see
//   namespace.js): another course on the same origin has its own service worker and caches, which
//   this one never reads or deletes. Of the caches from before namespaces ("kmf-site-<build>", one
//   prefix for every site of the origin) it takes and deletes only the files under its own scope.
// - With `coi`, what it serves carries COOP/COEP, so every page it loads is cross-origin isolated
//   and Stop can interrupt Python through a SharedArrayBuffer.
//
// The build (src/kmf_site/plugin/offline.py) puts before this file:
//   self.KMF_OFFLINE = {build, coi, files: {url relative to this file: [size, sha256 hex]}}
// offline.py writes this file as it is (a classic script, nothing bundled into it), so it imports
// nothing: its one copy of namespace.js's `scoped` is below, and tests/js/sw.test.mjs holds the two
// to the same names.
// (tsconfig.sw.json checks it with the service worker's types.)

/**
 * @typedef {object} Offline what the build says
 * @property {string} build
 * @property {boolean} coi serve with cross-origin isolation headers
 * @property {Record<string, [number, string]>} files url relative to this file: [size, sha256 hex]
 */

// TypeScript's lib types `self` as any worker's global scope: this one is a service worker's.
const sw = /** @type {ServiceWorkerGlobalScope & {KMF_OFFLINE: Offline}} */ (/** @type {unknown} */ (self));
const { build: BUILD, coi: COI, files: FILES } = sw.KMF_OFFLINE;
const ROOT = new URL("./", sw.location.href);
const NAMESPACE = new URL(sw.location.href).searchParams.get("ns") ?? ROOT.pathname;
// "%" and ":" escaped (namespace.js `scoped`), so one site's prefix never starts another's
const PREFIX = `kmf-site@${NAMESPACE.replace(/[%:]/g, (c) => encodeURIComponent(c))}:`;
const CACHE = PREFIX + BUILD;
const LEGACY_PREFIX = "kmf-site-"; // before namespaces
const HASH_HEADER = "x-kmf-sha256";
const ISOLATION = { "Cross-Origin-Opener-Policy": "same-origin", "Cross-Origin-Embedder-Policy": "require-corp" };
const QUIET_MS = 1000; // the fill waits until the page has fetched nothing for this long

/**
 * The manifest key of a URL (pages as "concepts/", the home page as ""), or null.
 * @param {string} href
 * @returns {string | null}
 */
function keyOf(href) {
  const url = new URL(href);
  if (url.origin !== ROOT.origin || !url.pathname.startsWith(ROOT.pathname)) return null;
  let key;
  try {
    key = decodeURIComponent(url.pathname.slice(ROOT.pathname.length));
  } catch {
    return null;
  }
  if (key === "index.html" || key.endsWith("/index.html")) key = key.slice(0, -"index.html".length);
  return Object.hasOwn(FILES, key) ? key : null;
}

/** @param {string} key */
function urlOf(key) {
  return new URL(key, ROOT).href;
}

/** @param {ArrayBuffer} buffer */
function hex(buffer) {
  return Array.from(new Uint8Array(buffer), (byte) => byte.toString(16).padStart(2, "0")).join("");
}

/**
 * The response as this build stores it, or null when its body is not this build's file.
 * @param {Response} response
 * @param {string} key
 * @param {ArrayBuffer | null} body the response's, when already read
 * @returns {Promise<Response | null>}
 */
async function stamped(response, key, body = null) {
  body ??= await response.arrayBuffer();
  const [size, sha256] = FILES[key];
  if (body.byteLength !== size || hex(await crypto.subtle.digest("SHA-256", body)) !== sha256) return null;
  const headers = new Headers({ [HASH_HEADER]: sha256 });
  const type = response.headers.get("content-type");
  if (type) headers.set("content-type", type);
  if (COI) for (const [name, value] of Object.entries(ISOLATION)) headers.set(name, value);
  return new Response(body, { status: 200, headers });
}

/** @type {Map<string, Promise<boolean>>} downloads in progress, by key: a page's fetch and the fill never download the same file twice */
const pending = new Map();
let pageFetches = 0;
let lastPageFetch = 0;

/**
 * Track a download (a promise of whether the file got stored); failures resolve to false.
 * @param {string} key
 * @param {Promise<boolean>} job
 */
function storing(key, job) {
  pending.set(key, job.catch(() => false).finally(() => pending.delete(key)));
  return job;
}

/** @param {string} key @param {Response} response @returns {Promise<boolean>} stored */
async function store(key, response) {
  const copy = await stamped(response, key);
  if (!copy) return false;
  await (await caches.open(CACHE)).put(urlOf(key), copy);
  return true;
}

/**
 * Isolation headers on a response from the network, where the browser reads them.
 * @param {Response} response
 * @param {Request} request
 */
function isolated(response, request) {
  if (!COI || response.type !== "basic") return response;
  if (request.mode !== "navigate" && !["worker", "sharedworker"].includes(request.destination)) return response;
  const headers = new Headers(response.headers);
  for (const [name, value] of Object.entries(ISOLATION)) headers.set(name, value);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

/** @param {string} key */
async function fromCache(key) {
  return (await caches.open(CACHE)).match(urlOf(key));
}

// Chromium keeps compiled WebAssembly beside the response it came from. A module first streamed
// from the network has its compiled code kept with the HTTP cache's copy, which this worker never
// serves again: every later visit would compile Pyodide afresh. So a .wasm file is stored first
// and served from the cache even the first time (it gives up compiling while it downloads).
const SERVE_STORED = /\.wasm$/;

/**
 * @param {FetchEvent} event
 * @param {string} key
 * @returns {Promise<Response>}
 */
async function serve(event, key) {
  const cached = await fromCache(key);
  if (cached) return cached;
  if (pending.has(key) && (await pending.get(key))) {
    const stored = await fromCache(key);
    if (stored) return stored;
  }
  pageFetches++;
  lastPageFetch = Date.now();
  let response;
  try {
    response = await fetch(event.request);
  } catch (error) {
    pageFetches--;
    throw error;
  }
  if (response.status !== 200 || response.type !== "basic" || pending.has(key)) {
    pageFetches--;
    return isolated(response, event.request);
  }
  if (SERVE_STORED.test(key)) {
    try {
      const body = await response.arrayBuffer();
      const copy = await stamped(response, key, body);
      if (!copy) return new Response(body, { headers: response.headers }); // another build's file
      await (await caches.open(CACHE)).put(urlOf(key), copy);
      return (await fromCache(key)) ?? new Response(body, { headers: response.headers }); // (evicted at once)
    } finally {
      pageFetches--;
      lastPageFetch = Date.now();
    }
  }
  // The page reads the response as it streams in; the copy is stored once it is complete.
  const job = storing(key, store(key, response.clone())).catch(() => false);
  event.waitUntil(job);
  job.finally(() => {
    pageFetches--;
    lastPageFetch = Date.now();
  });
  return isolated(response, event.request);
}

/** @param {Request} request */
async function navigateElsewhere(request) {
  try {
    return isolated(await fetch(request), request);
  } catch (error) {
    const missing = Object.hasOwn(FILES, "404.html") && (await fromCache("404.html"));
    if (!missing) throw error;
    return new Response(missing.body, { status: 404, headers: missing.headers });
  }
}

sw.addEventListener("fetch", (event) => {
  const { request } = event;
  if (request.method !== "GET" || request.headers.has("range")) return;
  const key = keyOf(request.url);
  if (key !== null) event.respondWith(serve(event, key));
  else if (request.mode === "navigate" && new URL(request.url).origin === ROOT.origin) {
    event.respondWith(navigateElsewhere(request));
  }
});

/** @param {number} ms */
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Fetch one file into the cache: from the HTTP cache if it is there, else from the network.
 * False when the server has another build's file; throws when the network is gone.
 * @param {string} key
 * @returns {Promise<boolean>}
 */
async function download(key) {
  for (const cache of /** @type {const} */ (["force-cache", "no-cache"])) {
    const response = await fetch(urlOf(key), { cache, priority: "low" });
    if (response.status === 200 && (await store(key, response))) return true;
  }
  return false;
}

/** @type {Promise<void> | null} */
let filling = null;
let paused = false; // a page runs a program
// The reader accepted a new version: this worker's fill ends at once, since the new worker cannot
// take over while an event of this one (a fill waiting for a program to end) is still pending.
let retiring = false;

/** Store every file of the build not stored yet, smallest first, while no page fetches or runs a program. */
function fill() {
  filling ??= (async () => {
    const cache = await caches.open(CACHE);
    const keys = Object.keys(FILES).sort((a, b) => FILES[a][0] - FILES[b][0]);
    for (const key of keys) {
      while (!retiring && !(await cache.match(urlOf(key)))) {
        if (pending.has(key)) await pending.get(key);
        else if (paused || pageFetches > 0 || Date.now() - lastPageFetch < QUIET_MS) await sleep(250);
        // Checked and started in one step: a page fetch cannot begin in between.
        else if (!(await storing(key, download(key)))) break; // throws when offline: the next page load resumes
      }
    }
  })()
    .catch(() => {})
    .finally(() => {
      filling = null;
    });
  return filling;
}

/** Cached files of this build (for the page and the tests). */
async function status() {
  const cache = await caches.open(CACHE);
  const stored = new Set((await cache.keys()).map((request) => keyOf(request.url)));
  const missing = Object.keys(FILES).filter((key) => !stored.has(key));
  return { build: BUILD, coi: COI, total: Object.keys(FILES).length, cached: stored.size, missing };
}

/** This site's older caches: its own, and those from before namespaces (they may hold its files). */
async function olderCaches() {
  return (await caches.keys()).filter((name) => (name.startsWith(PREFIX) && name !== CACHE) || name.startsWith(LEGACY_PREFIX));
}

/** A new build: keep what did not change from the older caches, download what did. */
async function carryOver() {
  const cache = await caches.open(CACHE);
  const changed = new Set();
  for (const name of await olderCaches()) {
    const old = await caches.open(name);
    for (const request of await old.keys()) {
      const key = keyOf(request.url);
      if (key === null || (await cache.match(urlOf(key)))) continue;
      const response = await old.match(request);
      if (!response) {
        changed.add(key); // deleted meanwhile: downloaded below
        continue;
      }
      if (response.headers.get(HASH_HEADER) !== FILES[key][1]) changed.add(key);
      else if (!(await store(key, response))) changed.add(key);
    }
  }
  for (const key of changed) {
    if (await cache.match(urlOf(key))) continue;
    await download(key).catch(() => false); // what fails here, the fill fetches later
  }
}

sw.addEventListener("install", (event) => {
  event.waitUntil(carryOver());
  if (!sw.registration.active) sw.skipWaiting(); // the first version: nothing to replace
});

sw.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await olderCaches()) {
        if (name.startsWith(PREFIX)) {
          await caches.delete(name);
          continue;
        }
        // From before namespaces: each such cache held one site's files. Deleted if it was this
        // site's: every file under this scope, one of them a file of this build (a site at the
        // domain's root has every project site under its scope, never their files by name).
        const urls = (await (await caches.open(name)).keys()).map((request) => new URL(request.url));
        const underScope = urls.every((url) => url.origin === ROOT.origin && url.pathname.startsWith(ROOT.pathname));
        if (underScope && urls.some((url) => keyOf(url.href) !== null)) await caches.delete(name);
      }
      await sw.clients.claim();
    })(),
  );
});

sw.addEventListener("message", (event) => {
  const { type } = event.data ?? {};
  if (type === "fill") {
    paused = false;
    event.waitUntil(fill());
  } else if (type === "pause") {
    paused = true; // a page runs a program: the fill waits after the file in hand, until "fill"
  } else if (type === "skip-waiting") {
    sw.skipWaiting();
  } else if (type === "retire") {
    retiring = true;
  } else if (type === "status") {
    event.waitUntil(status().then((state) => event.ports[0]?.postMessage(state)));
  }
});
