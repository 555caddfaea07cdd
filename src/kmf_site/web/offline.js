// @ts-check
// The page's side of the service worker (site/sw.js, written by src/kmf_site/plugin/offline.py):
// register it, ask it to store the rest of the site once the browser is idle, and tell the reader
// when a new version of the site is ready. Without a service worker (file://, some private
// windows, a failed registration) the site works as before, online only.

import { whenIdle } from "./dom.js";
import { activity, isBusy, startUpSettled } from "./python.js";
import { site } from "./namespace.js";

const UPDATE_CHECK_MS = 60 * 60 * 1000; // instant navigation loads no page: look for a new build hourly

/** @type {ServiceWorkerRegistration | null} */
let registration = null;
let registering = false;
let lastCheck = Date.now();
let reloading = false;

/** @param {() => void} callback */
const idle = (callback) => whenIdle(callback, 1000, 10_000);

/** @returns {Promise<unknown>} */
function loaded() {
  if (document.readyState === "complete") return Promise.resolve();
  return new Promise((resolve) => addEventListener("load", resolve, { once: true }));
}

// The fill waits until Python has run nothing for this long. A program started meanwhile pauses it
// (after the file in hand): hashing and storing beside a run slowed its first output 2-3 times.
const PYTHON_QUIET_MS = 1000;

/**
 * Ask the service worker to store every file of the site it does not have yet, once the browser
 * is idle and Python quiet; pause it while a program runs.
 */
async function fillWhenIdle() {
  // the reader asked to save data: store only what they load (`navigator.connection`, the Network
  // Information API, is not in TypeScript's DOM types)
  if (/** @type {Navigator & {connection?: {saveData?: boolean}}} */ (navigator).connection?.saveData) return;
  const { active } = await navigator.serviceWorker.ready;
  if (!active) return; // (ready resolves with an active worker)
  await loaded();
  let timer = 0;
  const fillSoon = () => {
    clearTimeout(timer);
    timer = setTimeout(() => idle(() => isBusy() || active.postMessage({ type: "fill" })), PYTHON_QUIET_MS);
  };
  activity.addEventListener("busy", () => {
    clearTimeout(timer);
    active.postMessage({ type: "pause" });
  });
  activity.addEventListener("quiet", fillSoon);
  if (!isBusy()) fillSoon();
}

function showUpdate() {
  if (document.querySelector(".kmf-update")) return;
  const box = document.createElement("aside");
  box.className = "kmf-update md-typeset";
  box.setAttribute("aria-label", "Site update");
  const message = document.createElement("p");
  message.setAttribute("role", "status");
  const reload = document.createElement("button");
  reload.type = "button";
  reload.className = "md-button md-button--primary kmf-button";
  reload.textContent = "Reload";
  const later = document.createElement("button");
  later.type = "button";
  later.className = "md-button kmf-button";
  later.textContent = "Not now";
  reload.addEventListener("click", () => {
    const waiting = registration?.waiting;
    if (!waiting) return location.reload(); // another tab already switched to the new version
    reloading = true;
    reload.disabled = true;
    registration?.active?.postMessage({ type: "retire" }); // its fill must not hold the new version back
    waiting.postMessage({ type: "skip-waiting" });
  });
  later.addEventListener("click", () => box.remove());
  box.append(message, reload, later);
  document.body.append(box);
  // A live region announces text that changes after it is in the page, so fill it in a moment later.
  setTimeout(() => {
    message.textContent = "A new version of this site is ready. Reload to use it.";
  }, 100);
}

/** @param {ServiceWorkerRegistration} registration */
function watchForUpdates(registration) {
  const hadController = Boolean(navigator.serviceWorker.controller);
  if (registration.waiting && hadController) showUpdate();
  registration.addEventListener("updatefound", () => {
    const installing = registration.installing;
    installing?.addEventListener("statechange", () => {
      // "installed" with a page already controlled: a new build waits for the reader's consent.
      if (installing.state === "installed" && navigator.serviceWorker.controller) showUpdate();
    });
  });
  navigator.serviceWorker.addEventListener("controllerchange", () => {
    if (reloading) location.reload();
    else if (hadController) showUpdate(); // the reader accepted the new version in another tab
  });
}

// A frame drawn (or, in a tab that draws none, a moment later).
/** @returns {Promise<void>} */
const nextFrame = () => new Promise((resolve) => {
  requestAnimationFrame(() => resolve());
  setTimeout(resolve, 200);
});

/**
 * Register the service worker (once per page load), once the page has started up: loaded, two
 * frames drawn (a runnable block in view asks for Python in the first), the browser idle, and
 * `startUpSettled()` settled (a Python start-up that is under way). Never throws.
 */
export async function registerServiceWorker() {
  if (registering || !/^https?:$/.test(location.protocol)) return;
  registering = true;
  await loaded();
  await nextFrame();
  await nextFrame();
  await new Promise((resolve) => idle(() => resolve(undefined)));
  await startUpSettled().catch(() => {});
  performance.mark("kmf:service-worker-registered"); // for the tests: after Python's start-up
  // At the site's root, so its scope is the whole site; it names its caches after the namespace.
  const { namespace, root } = site();
  if (!root) return; // (only outside a page)
  const script = new URL("sw.js", root);
  script.searchParams.set("ns", namespace);
  /** @param {unknown} error */
  const unavailable = (error) => console.info("Offline reading is unavailable:", error instanceof Error ? error.message : error);
  try {
    // Reading navigator.serviceWorker itself throws where storage is refused (some private windows).
    if (!navigator.serviceWorker) return;
    navigator.serviceWorker.register(script, { updateViaCache: "none" }).then((found) => {
      if (!found) return; // a browser (or test harness) that blocks service workers
      registration = found;
      watchForUpdates(found);
      fillWhenIdle().catch(unavailable);
    }, unavailable);
  } catch (error) {
    unavailable(error);
  }
}

/** On each page change: look for a new build now and then (a full page load does it anyway). */
export function checkForUpdate() {
  if (!registration || Date.now() - lastCheck < UPDATE_CHECK_MS) return;
  lastCheck = Date.now();
  registration.update().catch(() => {});
}
