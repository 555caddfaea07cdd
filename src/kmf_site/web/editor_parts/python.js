// @ts-check
// The Python grammar's parse tables (editor_load.js imports it before editor.js): evaluating them
// was most of editor.js's own task, about 50 ms with a phone's CPU
export { parser } from "@lezer/python";
