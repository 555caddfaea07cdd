// Unit tests of src/kmf_site/web/run_core.mjs (node --test; tests/test_js_units.py runs them).
import assert from "node:assert/strict";
import { test } from "node:test";
import { capOutput, countLines, createRunCore, isKeyboardInterrupt, LIMITS, SESSIONS_KEPT, utf8Length } from "../../src/kmf_site/web/run_core.mjs";

test("countLines counts newlines", () => {
  assert.equal(countLines(""), 0);
  assert.equal(countLines("a\nb\n"), 2);
  assert.equal(countLines("no newline"), 0);
});

test("capOutput keeps whole lines up to the line limit", () => {
  const limits = { lines: 2, bytes: 100 };
  assert.equal(capOutput("a\nb\nc\n", 0, 0, limits), "a\nb\n");
  assert.equal(capOutput("c\n", 2, 4, limits), "");
  assert.equal(capOutput("a\nb", 0, 0, limits), "a\nb"); // the last line may be unfinished
});

test("capOutput cuts at the byte limit (UTF-8 bytes), never inside a character", () => {
  assert.equal(capOutput("abcdef", 0, 0, { lines: 10, bytes: 4 }), "abcd");
  assert.equal(capOutput("ab😀", 0, 0, { lines: 10, bytes: 3 }), "ab");
  assert.equal(capOutput("ab😀c", 0, 0, { lines: 10, bytes: 6 }), "ab😀"); // the emoji is 4 bytes
  assert.equal(capOutput("ééé", 0, 0, { lines: 10, bytes: 5 }), "éé"); // é is 2 bytes, not 1
  assert.equal(capOutput("xyz", 0, 4, { lines: 10, bytes: 4 }), "");
});

test("utf8Length counts UTF-8 bytes", () => {
  assert.equal(utf8Length("abc"), 3);
  assert.equal(utf8Length("é"), 2);
  assert.equal(utf8Length("😀"), 4);
});

test("the page's limits", () => {
  assert.deepEqual(LIMITS, { lines: 1000, bytes: 100_000 });
});

test("isKeyboardInterrupt reads a Python error or its message", () => {
  assert.ok(isKeyboardInterrupt({ type: "KeyboardInterrupt" }));
  assert.ok(isKeyboardInterrupt(new Error("Traceback ... KeyboardInterrupt")));
  assert.ok(!isKeyboardInterrupt(new Error("NameError")));
  assert.ok(!isKeyboardInterrupt(undefined));
});

/** A stand-in interpreter: what the run loop asks of Pyodide, with a program that prints. */
function fakePyodide(print, imports = []) {
  const writers = {};
  const dict = () => ({ set() {}, get() {}, destroy() {} });
  const runner = { execute: () => print(writers), exit_status: () => 0 };
  const loaded = [];
  return {
    writers,
    runner,
    loaded,
    setStdout: (w) => (writers.stdout = w),
    setStderr: (w) => (writers.stderr = w),
    globals: { get: () => dict },
    toPy: (value) => value,
    loadPackage: async (names) => loaded.push(...names),
    pyimport: (name) => (name === "kmf_runner" ? runner : { find_imports: () => ({ toJs: () => imports, destroy() {} }) }),
  };
}

test("only the course's own packages are loaded, and the runner names them", async () => {
  const pyodide = fakePyodide(() => {}, ["json", "retrain_lab"]);
  const core = createRunCore(pyodide, { post: () => {}, localPackages: ["retrain_lab"] });
  assert.deepEqual(pyodide.runner.PACKAGES, ["retrain_lab"]);
  await core.run({ id: 1, code: "import json, retrain_lab", filename: "a.py" });
  assert.deepEqual(pyodide.loaded, ["retrain-lab"]);
  const other = fakePyodide(() => {}, ["json", "retrain_lab"]);
  await createRunCore(other, { post: () => {} }).run({ id: 1, code: "import json, retrain_lab", filename: "a.py" });
  assert.deepEqual(other.loaded, []); // another course ships no retrain_lab: Python reports the import
});

test("a run streams its output, capped, then says done", async () => {
  const posted = [];
  const encode = (text) => new TextEncoder().encode(text);
  const pyodide = fakePyodide((w) => {
    for (let i = 0; i < 5; i++) w.stdout.write(encode(`${i}\n`));
  });
  const core = createRunCore(pyodide, { post: (m) => posted.push(m) });
  await core.run({ id: 7, code: "...", filename: "a.py", limits: { lines: 3, bytes: 100 } });
  assert.deepEqual(posted.map((m) => m.type), ["started", "output", "output", "output", "truncated", "done"]);
  assert.equal(posted.filter((m) => m.type === "output").map((m) => m.text).join(""), "0\n1\n2\n");
  assert.deepEqual(posted.at(-1), { type: "done", id: 7, exitCode: 0, error: null, result: null, truncated: true, started: true });
});

test("a run counts the bytes it has shown in UTF-8", async () => {
  const posted = [];
  const encode = (text) => new TextEncoder().encode(text);
  const pyodide = fakePyodide((w) => {
    w.stdout.write(encode("éé")); // 4 bytes, 2 characters
    w.stdout.write(encode("abc")); // 3 more bytes: only 2 fit in 6
  });
  const core = createRunCore(pyodide, { post: (m) => posted.push(m) });
  await core.run({ id: 8, code: "...", filename: "a.py", limits: { lines: 10, bytes: 6 } });
  assert.equal(posted.filter((m) => m.type === "output").map((m) => m.text).join(""), "ééab");
  assert.equal(posted.at(-1).truncated, true);
});

test("a run stopped before it starts is skipped", async () => {
  const posted = [];
  const core = createRunCore(fakePyodide(() => assert.fail("ran")), { post: (m) => posted.push(m), stopped: () => true });
  await core.run({ id: 1, code: "x", filename: "a.py" });
  assert.deepEqual(posted, [{ type: "done", id: 1, exitCode: null, error: "KeyboardInterrupt", result: null, truncated: false, started: false }]);
});

test("every run ends with a done that carries every field, even when the machinery fails", async () => {
  const posted = [];
  const pyodide = fakePyodide(() => {
    throw new Error("the runner broke");
  });
  await createRunCore(pyodide, { post: (m) => posted.push(m) }).run({ id: 3, code: "x", filename: "a.py" });
  assert.deepEqual(posted, [
    { type: "started", id: 3 },
    { type: "output", id: 3, stream: "stderr", text: "the runner broke\n" },
    { type: "done", id: 3, exitCode: 1, error: "internal", result: null, truncated: false, started: true },
  ]);
});

test("a Stop that lands while packages load ends the run as stopped, before it starts", async () => {
  const posted = [];
  const pyodide = fakePyodide(() => assert.fail("ran"), ["retrain_lab"]);
  pyodide.loadPackage = async (names, { errorCallback }) => errorCallback("Traceback ... KeyboardInterrupt");
  const core = createRunCore(pyodide, { post: (m) => posted.push(m), localPackages: ["retrain_lab"] });
  await core.run({ id: 4, code: "import retrain_lab", filename: "a.py" });
  assert.deepEqual(posted, [{ type: "done", id: 4, exitCode: null, error: "KeyboardInterrupt", result: null, truncated: false, started: false }]);
});

test("a notebook's sessions keep their namespace across runs; only the newest few are kept", async () => {
  const made = [];
  const destroyed = [];
  const pyodide = fakePyodide(() => {});
  pyodide.globals = {
    get: () => () => {
      const dict = { n: made.length, set() {}, get() {}, destroy: () => destroyed.push(dict.n) };
      made.push(dict);
      return dict;
    },
  };
  const used = [];
  pyodide.runner.execute = (code, filename, namespace) => void used.push(namespace.n);
  const core = createRunCore(pyodide, { post: () => {} });
  const before = made.length; // the run core's own (none yet)
  for (const session of ["s1", "s1", "s2", "s3", "s4", "s1", "s5", "s2"]) {
    await core.run({ id: used.length + 1, code: "x = 1", filename: "cell.py", session });
  }
  // s1 keeps its namespace (runs 1, 2, 6, the last one making it the newest); s5 pushes out the
  // oldest, s2, which then starts afresh and pushes out s3
  const s1 = used[0];
  assert.deepEqual([used[1], used[5]], [s1, s1]);
  assert.equal(SESSIONS_KEPT, 4);
  assert.deepEqual(destroyed, [used[2], used[3]]); // s2's first namespace, then s3's
  assert.notEqual(used[7], used[2]);
  assert.equal(made.length - before, 6); // s1, s2, s3, s4, s5, s2 again
});
