// @ts-check
// CodeMirror's view (editor_load.js imports it before editor.js)
export { EditorView } from "@codemirror/view";
