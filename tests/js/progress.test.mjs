// Unit tests of src/kmf_site/web/progress.js (node --test; tests/test_js_units.py runs them): the
// rule that a mode's record never goes back, how a mode's parts show on its card, and progress
// saved before progress.js moved in, on a storage with the Web Storage interface.
import assert from "node:assert/strict";
import { test } from "node:test";

import { Storage } from "./storage.mjs";

const PREFIX = "kmf@/:v1:"; // store.js's prefix for a site at a domain's root (no document here)
const json = (value) => JSON.stringify(value);
// What a browser saved before progress.js: each mode its own way. Set before progress.js loads:
// it moves the "mode:" records when it loads, as on any page.
globalThis.localStorage = new Storage({
  [`${PREFIX}mode:trace`]: json({ done: true, text: "3 of 3 programs traced to the end" }),
  [`${PREFIX}mode:notebook`]: json({ done: false, text: "2 of 7 cells run" }),
  [`${PREFIX}mode:lab`]: "{not json",
  [`${PREFIX}exercises:debug-it`]: json({ passed: { 1: true, 3: true, 9: true } }),
  [`${PREFIX}old-steps`]: json({ passed: { 1: true } }),
  [`${PREFIX}quiz:practice:a`]: json({ answer: [0], checked: true }),
  [`${PREFIX}quiz:practice:b`]: json({ answer: [1], checked: false, answered: true }),
  [`${PREFIX}quiz:practice:c`]: json({ answer: [1], checked: false }),
  [`${PREFIX}test:test:best`]: json({ score: 7, total: 10, by: {} }),
});
const { combine, forget, further, read, report } = await import("../../src/kmf_site/web/progress.js");
const saved = (key) => JSON.parse(localStorage.getItem(PREFIX + key));

test("of two records the one further on is kept: done first, then the larger count, a tie to mine", () => {
  const part = (done, count, text = "") => ({ done, count, text });
  assert.deepEqual(further(null, part(false, 1)), part(false, 1));
  assert.deepEqual(further(part(true, 1, "saved"), part(false, 9)), part(true, 1, "saved"));
  assert.deepEqual(further(part(false, 9), part(true, 1, "mine")), part(true, 1, "mine"));
  assert.deepEqual(further(part(false, 5, "saved"), part(false, 1)), part(false, 5, "saved"));
  assert.deepEqual(further(part(true, 5), part(true, 7, "mine")), part(true, 7, "mine"));
  assert.deepEqual(further(part(false, 2, "saved"), part(false, 2, "mine")), part(false, 2, "mine"));
});

test("a mode's parts show as one card: done when any part is, texts joined, the main part first", () => {
  assert.equal(combine([]), null);
  assert.deepEqual(combine([{ done: false, count: 1, text: "1 run" }, { done: true, count: 3, text: "3 of 3 played" }]), {
    done: true,
    text: "1 run; 3 of 3 played",
  });
  assert.deepEqual(combine([{ done: false, count: 0, text: "" }, { done: false, count: 1, text: "one" }]), { done: false, text: "one" });
});

test("what is reported never goes back, whatever a reload or an older tab reports later", () => {
  report("game", { done: false, count: 5, text: "5 of 7 solved" });
  report("game", { done: false, count: 1, text: "1 of 7 solved" });
  assert.deepEqual(read("game"), { done: false, text: "5 of 7 solved" });
  report("game", { done: true, count: 7, text: "7 of 7 solved" });
  report("game", { done: false, count: 6, text: "6 of 7 solved" });
  assert.deepEqual(saved("progress:game"), { done: true, count: 7, text: "7 of 7 solved" });
  forget("game");
  assert.equal(read("game"), null);
});

test("a second widget on a page reports its own part of the mode", () => {
  report("lab", { done: false, count: 1, text: "1 simulation run" });
  report("lab", { done: true, count: 3, text: "3 of 3 scenarios done" }, "oncall");
  assert.deepEqual(read("lab"), { done: true, text: "1 simulation run; 3 of 3 scenarios done" });
  assert.equal(read("la"), null); // a mode whose name starts another's holds none of its parts
});

test("mode: records saved before progress.js moved to progress: when it loaded; a damaged one is dropped", () => {
  assert.deepEqual(saved("progress:trace"), { done: true, count: 3, text: "3 of 3 programs traced to the end" });
  assert.deepEqual(saved("progress:notebook"), { done: false, count: 2, text: "2 of 7 cells run" });
  for (const key of ["mode:trace", "mode:notebook", "mode:lab"]) assert.equal(localStorage.getItem(PREFIX + key), null, key);
  assert.deepEqual(read("trace"), { done: true, text: "3 of 3 programs traced to the end" });
});

test("a page's own state from before becomes its mode's record, by the kind of page the card names", () => {
  assert.deepEqual(read("debug-it", { kind: "exercises", total: 5 }), { done: false, text: "2 of 5 steps" });
  assert.deepEqual(saved("progress:debug-it"), { done: false, count: 2, text: "2 of 5 steps" }); // moved in place
  assert.ok(localStorage.getItem(`${PREFIX}exercises:debug-it`), "the page's own state stays the page's");
  assert.deepEqual(read("steps", { kind: "exercises", total: 1, savedBefore: "old-steps" }), { done: true, text: "1 of 1 steps" });
  assert.deepEqual(read("practice", { kind: "practice", total: 4 }), { done: false, text: "2 of 4 questions answered" });
  assert.deepEqual(read("test", { kind: "test", total: 10 }), { done: true, text: "Best score 7 / 10" });
  assert.equal(read("concepts", { kind: "practice", total: 3 }), null); // nothing saved: not started
  // a record the page reported since wins over its older state
  report("practice", { done: true, count: 4, text: "4 of 4 questions answered" });
  assert.deepEqual(read("practice", { kind: "practice", total: 4 }), { done: true, text: "4 of 4 questions answered" });
});
