// @ts-check
// CodeMirror's language support and highlighting (editor_load.js imports it before editor.js)
export { syntaxHighlighting } from "@codemirror/language";
export { tags } from "@lezer/highlight";
