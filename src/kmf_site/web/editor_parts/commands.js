// @ts-check
// CodeMirror's commands and keymaps (editor_load.js imports it before editor.js)
export { defaultKeymap } from "@codemirror/commands";
