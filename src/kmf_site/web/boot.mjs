// @ts-check
// What every Python boot shares, in the reader's worker and in the build's snapshot maker
// (make_snapshot.mjs): the environment, and the warm-up a memory snapshot captures.

export const ENV = { PYTHON_COLORS: "0", HOME: "/home/pyodide" };
export const RUNNER_PATH = "/home/pyodide/kmf_runner.py";
// A browser's loadPyodide() names the program "./this.program"; a snapshot made under Node must too.
export const SYS_EXECUTABLE = "./this.program";

// Imports and a first compile, so that the reader's first run costs what every later one does.
// Run before a snapshot is taken (and after a normal boot).
export const WARM_UP = `
import ast, linecache, traceback, json, math, random, statistics, datetime, collections, re
import kmf_runner
from pyodide.code import find_imports
find_imports("import json\\nprint(1)\\n")
compile("print(1)\\n", "warm-up.py", "exec", dont_inherit=True)
del ast, linecache, traceback, json, math, random, statistics, datetime, collections, re, find_imports
`;

// loadPyodide() puts "" first on sys.path after every boot, a restored one too: take it out
// before a snapshot so that a restored interpreter has it once, like a normal boot.
export const BEFORE_SNAPSHOT = `
import sys
while "" in sys.path:
    sys.path.remove("")
del sys
`;

/**
 * After restoring a snapshot: what must differ between two readers (or two boots) again.
 * @param {string | undefined} language the reader's (navigator.language), e.g. "en-GB"
 * @returns {string} Python to run
 */
export function afterRestore(language) {
  return `
import os, random
random.seed()
os.environ["LANG"] = ${JSON.stringify(`${(language || "C").replace("-", "_")}.UTF-8`)}
del os, random
`;
}

// A program like the lessons' (a dict, a loop, an f-string, a traceback), run once after start-up
// with its output dropped. After a restore, the WebAssembly functions that compile and run a
// program have not run in this tab yet, and the engine compiles each on its first call: without
// this, the reader's first Run would pay that (about 0.1-0.5 s here).
export const WARM_UP_PROGRAM = `
model = {"version": 1, "accuracy": 0.75, "tags": ["a", "b"]}
for step in range(3):
    model["version"] += 1
    model["accuracy"] = round(model["accuracy"] + 0.05, 2)
scores = sorted((x * 1.5 for x in range(5)), reverse=True)
print(f"{model} {sum(scores) / len(scores):.3f}", [str(s) for s in scores], model.get("tags"))
def fail():
    return 1 / 0
fail()
`;
