// The browser's parser of expected output (dom.js's splitExpected), run under Node over the
// snippets the build checks: stdin is a JSON list of sources, stdout a JSON list of
// {program, expected}. check_expected_output.py compares them with the build's parser.
import { splitExpected } from "../web/dom.js";

let input = "";
for await (const chunk of process.stdin) input += chunk;
process.stdout.write(JSON.stringify(JSON.parse(input).map((code) => splitExpected(code))));
