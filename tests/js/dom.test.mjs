// Unit tests of src/kmf_site/web/dom.js's splitExpected (node --test; tests/test_js_units.py runs them).
import assert from "node:assert/strict";
import { test } from "node:test";
import { splitExpected } from "../../src/kmf_site/web/dom.js";

test("#> lines are the expected output, not the program", () => {
  assert.deepEqual(splitExpected("print(1)\n#> 1\nprint('')\n#>\n"), { program: "print(1)\nprint('')", expected: "1\n" });
});

test("a block between ''' lines is output, dedented like its print", () => {
  const code = "for i in range(2):\n    print(i)\n    '''\n    0\n    '''\n";
  assert.deepEqual(splitExpected(code), { program: "for i in range(2):\n    print(i)", expected: "0" });
});

test("a program without output keeps every line but the trailing blank ones", () => {
  assert.deepEqual(splitExpected("x = 1\n\n# a comment, not #>\n\n"), { program: "x = 1\n\n# a comment, not #>", expected: "" });
});
