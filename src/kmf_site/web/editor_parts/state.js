// @ts-check
// CodeMirror's state (editor_load.js imports it before editor.js: see there why)
export { EditorState } from "@codemirror/state";
