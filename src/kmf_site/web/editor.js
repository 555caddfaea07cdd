// @ts-check
// CodeMirror 6 with a lean set of extensions (loaded on demand, off the critical path).
import { EditorState, StateEffect, StateField } from "@codemirror/state";
import {
  Decoration,
  EditorView,
  keymap,
  lineNumbers,
  highlightActiveLineGutter,
  drawSelection,
} from "@codemirror/view";
import { defaultKeymap, history, historyKeymap, indentWithTab, isolateHistory } from "@codemirror/commands";
import { python } from "@codemirror/lang-python";
import { HighlightStyle, syntaxHighlighting, indentOnInput, bracketMatching, indentUnit } from "@codemirror/language";
import { tags as t } from "@lezer/highlight";

// Colours come from Material's own code-highlighting variables, so light and dark both follow the theme.
const materialHighlight = HighlightStyle.define([
  { tag: [t.keyword, t.controlKeyword, t.operatorKeyword, t.definitionKeyword, t.moduleKeyword], color: "var(--md-code-hl-keyword-color)" },
  { tag: [t.string, t.special(t.string)], color: "var(--md-code-hl-string-color)" },
  { tag: [t.number, t.bool, t.null], color: "var(--md-code-hl-number-color)" },
  { tag: [t.comment, t.lineComment], color: "var(--md-code-hl-comment-color)", fontStyle: "italic" },
  { tag: [t.function(t.variableName), t.function(t.propertyName)], color: "var(--md-code-hl-function-color)" },
  { tag: [t.standard(t.variableName), t.className], color: "var(--md-code-hl-constant-color)" },
  { tag: [t.operator, t.punctuation, t.bracket], color: "var(--md-code-hl-punctuation-color)" },
]);

const materialTheme = EditorView.theme({
  "&": { backgroundColor: "var(--md-code-bg-color)", color: "var(--md-code-fg-color)", fontSize: ".85em" },
  ".cm-content": { fontFamily: "var(--md-code-font-family)", caretColor: "var(--md-code-fg-color)", padding: ".7em 0" },
  ".cm-gutters": { backgroundColor: "var(--md-code-bg-color)", color: "var(--kmf-muted-color)", border: "none" },
  // The current line is marked in the gutter only: a tinted line would lower the code's contrast.
  ".cm-activeLineGutter": { backgroundColor: "transparent", color: "var(--md-code-fg-color)", fontWeight: "700" },
  "&.cm-focused": { outline: "2px solid var(--md-accent-fg-color)", outlineOffset: "1px" },
  ".cm-cursor": { borderLeftColor: "var(--md-code-fg-color)" },
  "&.cm-focused .cm-selectionBackground, .cm-selectionBackground, ::selection": { backgroundColor: "var(--md-accent-fg-color--transparent) !important" },
});

// Lines marked from outside (the line Trace it is about to run): a class on each line, and
// `setMarkedLines(from, to)` / `setMarkedLines(null)` to move or clear the mark.
/** @type {import("@codemirror/state").StateEffectType<{from: number, to: number} | null>} */
const markLines = StateEffect.define();
const markedLine = Decoration.line({ class: "kmf-marked-line" });
const markedLines = StateField.define({
  create: () => Decoration.none,
  update(marks, transaction) {
    marks = marks.map(transaction.changes);
    for (const effect of transaction.effects) {
      if (!effect.is(markLines)) continue;
      const { from = 0, to = from } = effect.value ?? {};
      const doc = transaction.state.doc;
      if (!from || from > doc.lines) {
        marks = Decoration.none;
        continue;
      }
      const ranges = [];
      for (let n = from; n <= Math.min(to, doc.lines); n++) ranges.push(markedLine.range(doc.line(n).from));
      marks = Decoration.set(ranges);
    }
    return marks;
  },
  provide: (field) => EditorView.decorations.from(field),
});

// Editors are made one per frame, in the order asked: making one (CodeMirror lays it out and
// highlights it) takes a few ms here and 10-40 on a phone, and a page that made all of its
// editors at once (five steps, a notebook's cells) held the main thread for one long task.
/** @type {Promise<unknown>} */
let turn = Promise.resolve();
/** @returns {Promise<void>} */
const nextFrame = () =>
  new Promise((resolve) => {
    // after the next paint (a hidden tab has no frames: a timer then)
    if (document.visibilityState === "hidden") setTimeout(resolve, 0);
    else requestAnimationFrame(() => setTimeout(resolve, 0));
  });

/** @returns {Promise<void>} */
const nextTask = () => new Promise((resolve) => setTimeout(resolve, 0));

/**
 * @typedef {object} EditorOptions
 * @property {string} doc  the code it starts with
 * @property {string} label  its accessible name
 * @property {() => void} [onRun]  Ctrl/Cmd+Enter, Shift+Enter
 * @property {() => void} [onEscape]  Escape: move the focus on
 * @property {(code: string) => void} [onChange]  the code changed
 */
/** @typedef {ReturnType<typeof createEditor>} Editor */

/**
 * createEditor(parent, options) after the editors asked for before it: its state in one task, its
 * view in the next. The first editor of a page pays for CodeMirror's set-up in both (about 8 and
 * 15 ms on two desktop cores, four times that on a phone); together they were one long task.
 * @param {HTMLElement} parent
 * @param {EditorOptions} options
 * @returns {Promise<Editor>}
 */
export function createEditorSoon(parent, options) {
  const made = turn
    .then(nextFrame)
    .then(() => editorState(options))
    .then(async (state) => {
      await nextTask();
      return createEditor(parent, options, state);
    });
  turn = made.catch(() => {});
  return made;
}

/**
 * The editor's state: its code and extensions (createEditor's options).
 * @param {EditorOptions} options
 */
function editorState({ doc, label, onRun = () => {}, onEscape = () => {}, onChange = () => {} }) {
  return EditorState.create({
    doc,
    extensions: [
      lineNumbers(),
      highlightActiveLineGutter(),
      drawSelection(),
      history(),
      indentOnInput(),
      bracketMatching(),
      indentUnit.of("    "),
      python(),
      markedLines,
      syntaxHighlighting(materialHighlight),
      materialTheme,
      keymap.of([
        { key: "Mod-Enter", run: () => (onRun(), true) },
        { key: "Shift-Enter", run: () => (onRun(), true) },
        { key: "Escape", run: () => (onEscape(), true) },
        indentWithTab,
        ...defaultKeymap,
        ...historyKeymap,
      ]),
      // tabindex 0: the editable content is focusable anyway; saying so lets checkers see that a
      // long line's horizontal scroll is reachable by keyboard (axe: scrollable-region-focusable)
      // On a phone a long line wraps: scrolled sideways to the caret, it would hide its start.
      ...(globalThis.matchMedia?.("(max-width: 44.9375em)").matches ? [EditorView.lineWrapping] : []),
      EditorView.contentAttributes.of({ "aria-label": label, "aria-multiline": "true", spellcheck: "false", autocapitalize: "off", autocorrect: "off", tabindex: "0" }),
      EditorView.updateListener.of((update) => {
        if (update.docChanged) onChange(update.state.doc.toString());
      }),
    ],
  });
}

/**
 * Make an editor in `parent`. options: doc, label (accessible name), onRun, onEscape, onChange.
 * Tab indents; Escape leaves the editor (onEscape moves focus on); Ctrl/Cmd+Enter runs.
 * `state`: one editorState(options) made beforehand (createEditorSoon makes it a task earlier).
 * @param {HTMLElement} parent
 * @param {EditorOptions} options
 * @param {EditorState} [state]
 */
export function createEditor(parent, options, state = editorState(options)) {
  const view = new EditorView({ parent, state });
  return {
    view,
    getCode: () => view.state.doc.toString(),
    // Replacing the code (Reset, a solution) is always one undo step of its own: without the
    // annotation CodeMirror joins it to typing less than 500 ms older, and Ctrl+Z skips the learner's code.
    /** @param {string} code */
    setCode: (code) =>
      view.dispatch({
        changes: { from: 0, to: view.state.doc.length, insert: code },
        annotations: isolateHistory.of("full"),
      }),
    focus: () => view.focus(),
    /**
     * Put the caret at a line and column (0-based; past the end of either: at the end).
     * @param {{line: number, column: number}} place
     */
    placeCaret({ line, column }) {
      const doc = view.state.doc;
      const text = doc.line(Math.min(line + 1, doc.lines));
      view.dispatch({ selection: { anchor: text.from + Math.min(column, text.length) }, scrollIntoView: true });
    },
    /**
     * Type `text` at the caret, as the reader would have (what was typed before the editor came).
     * @param {string} text
     */
    type(text) {
      if (text) view.dispatch(view.state.replaceSelection(text), { userEvent: "input.type", scrollIntoView: true });
    },
    /**
     * Mark lines from..to (1-based) and scroll them into view; null clears the mark.
     * @param {number | null} from
     * @param {number | null} [to]
     */
    setMarkedLines(from, to = from) {
      /** @type {import("@codemirror/state").StateEffect<unknown>[]} */
      const effects = [markLines.of(from ? { from, to: to ?? from } : null)];
      if (from && from <= view.state.doc.lines) effects.push(EditorView.scrollIntoView(view.state.doc.line(from).from, { y: "nearest" }));
      view.dispatch({ effects });
    },
  };
}
