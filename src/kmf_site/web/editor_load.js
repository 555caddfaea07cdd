// @ts-check
// Loading the editor (editor.js, CodeMirror 6: about 470 KB of modules) a few modules at a time.
// Evaluated at once, its modules held the main thread for one long task: 120-250 ms with a phone's
// CPU (Chromium at a 4x slowdown), @codemirror/commands alone about 45 ms and the Python grammar
// about 20. Each group below is imported in a task of its own (esbuild puts the modules each one
// reaches first into a chunk of their own), so the page stays responsive between them; editor.js
// then evaluates only what is left (the Python language's support) and its own code.
import { nextTask } from "./dom.js";

const GROUPS = [
  () => import("./editor_parts/state.js"),
  () => import("./editor_parts/view.js"),
  () => import("./editor_parts/language.js"),
  () => import("./editor_parts/commands.js"),
  () => import("./editor_parts/python.js"),
];

/** @type {Promise<typeof import("./editor.js")> | null} */
let loading = null;

/**
 * editor.js's module, loaded once, group by group.
 * @returns {Promise<typeof import("./editor.js")>}
 */
export function loadEditor() {
  loading ??= (async () => {
    for (const group of GROUPS) {
      await group();
      await nextTask();
    }
    return import("./editor.js");
  })();
  return loading;
}
