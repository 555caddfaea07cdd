// Unit tests of src/kmf_site/web/sw.js (node --test; tests/test_js_units.py runs them). The service
// worker is a classic script that imports nothing, so it keeps its own copy of namespace.js's
// escaping: these tests hold the two to the same cache names. sw.js runs here as the build ships it
// (offline.py puts `self.KMF_OFFLINE = ...` before it), in a context whose `self` stands in for a
// service worker's global scope.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import vm from "node:vm";
import { scoped } from "../../src/kmf_site/web/namespace.js";

const SOURCE = readFileSync(new URL("../../src/kmf_site/web/sw.js", import.meta.url), "utf8");

/** Load sw.js at `href`; returns the names of the caches it opens and a way to send it a message. */
function serviceWorker(href, build = "b1") {
  const opened = [];
  const listeners = {};
  const scope = {
    location: new URL(href),
    KMF_OFFLINE: { build, coi: false, files: { "": [1, "0".repeat(64)] } },
    addEventListener: (type, listener) => (listeners[type] = listener),
    caches: {
      open: async (name) => {
        opened.push(name);
        return { keys: async () => [], match: async () => undefined };
      },
      keys: async () => [],
    },
    URL,
    Response,
    Headers,
    setTimeout,
  };
  scope.self = scope;
  vm.runInContext(SOURCE, vm.createContext(scope), { filename: "sw.js" });
  /** The answer to a message with a reply port (as "status" has). */
  const ask = (data) =>
    new Promise((resolve, reject) => {
      listeners.message({ data, ports: [{ postMessage: resolve }], waitUntil: (job) => job.catch(reject) });
    });
  return { opened, ask };
}

test("the service worker names its cache after the namespace, escaped as namespace.js escapes it", async () => {
  const namespaces = ["/keep-models-fresh/", "/a:b/", "/a%3Ab/", "course:v1", "%", "/"];
  for (const namespace of namespaces) {
    const href = `https://user.github.io/x/sw.js?ns=${encodeURIComponent(namespace)}`;
    const { opened, ask } = serviceWorker(href, "b7");
    const state = await ask({ type: "status" });
    assert.equal(state.build, "b7");
    assert.deepEqual(opened, [`kmf-site@${scoped(namespace)}:b7`], namespace);
  }
});

test("without ?ns= the namespace is the service worker's folder, as namespace.js reads it from a page", async () => {
  const { opened, ask } = serviceWorker("https://user.github.io/keep-models-fresh/sw.js");
  await ask({ type: "status" });
  assert.deepEqual(opened, [`kmf-site@${scoped("/keep-models-fresh/")}:b1`]);
});
