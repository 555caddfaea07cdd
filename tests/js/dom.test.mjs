// Unit tests of src/kmf_site/web/dom.js's splitExpected and placeInProgram (node --test; tests/test_js_units.py runs them).
import assert from "node:assert/strict";
import { test } from "node:test";
import { placeInProgram, splitExpected } from "../../src/kmf_site/web/dom.js";

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

test("a place in the code as shown is the same place in the program, past its expected output", () => {
  const shown = "x = 1\nprint(x)\n#> 1\n'''\nlong\n'''\nprint(x + 1)\n#> 2\n";
  assert.equal(splitExpected(shown).program, "x = 1\nprint(x)\nprint(x + 1)");
  assert.deepEqual(placeInProgram(shown, { line: 0, column: 3 }), { line: 0, column: 3 });
  assert.deepEqual(placeInProgram(shown, { line: 6, column: 5 }), { line: 2, column: 5 }); // after a block of output
  // on an expected-output line (or its quotes): the end of the program line before it
  assert.deepEqual(placeInProgram(shown, { line: 2, column: 1 }), { line: 1, column: 8 });
  assert.deepEqual(placeInProgram(shown, { line: 4, column: 2 }), { line: 1, column: 8 });
  assert.deepEqual(placeInProgram("a\nb", { line: 9, column: 0 }), { line: 1, column: 1 }); // past the end
});
