// @ts-check
// Playground (/playground/): one big runnable editor (the ```python {.kmf-playground} block) whose
// code is saved as you type, starter programs (```python {.kmf-starter} blocks) to load into it,
// and Share: a link whose fragment holds the code, deflate-raw compressed and base64url encoded
// (CompressionStream, native in current browsers). Opening a shared link loads its code, but asks
// first when that would replace code the reader saved. Without JavaScript every block stays
// highlighted code.
//
// State: localStorage[store.js PREFIX + "playground"] = {code, runs}; the hub hears of the runs through progress.js (mode "playground").
import { createRunnable, onRan } from "./runner.js";
import { isRecord, load, update } from "./store.js";
import { report } from "./progress.js";
import { all, button, confirmInline, el, find, splitExpected } from "./dom.js";
import { MAX_CODE, decodeCode, encodeCode } from "./share.js";

const KEY = "playground";
const FRAGMENT = "code=";

function sharedFragment() {
  const hash = location.hash.slice(1);
  return hash.startsWith(FRAGMENT) ? hash.slice(FRAGMENT.length) : null;
}

function dropFragment() {
  history.replaceState(history.state, "", location.pathname + location.search);
}

// ------------------------------------------------------------------ state

/** @typedef {{code: string | null, codeAt: number, runs: number}} State */


/**
 * The saved record as a state: what does not fit is left out.
 * @param {Record<string, any> | null} raw
 * @returns {State}
 */
function loadState(raw = load(KEY, isRecord)) {
  return {
    code: typeof raw?.code === "string" && raw.code.length <= MAX_CODE ? raw.code : null,
    codeAt: Number.isFinite(raw?.codeAt) ? Number(raw?.codeAt) : 0,
    runs: Number.isInteger(raw?.runs) && raw?.runs >= 0 ? Number(raw?.runs) : 0,
  };
}

// ------------------------------------------------------------------ the page

/** @param {ParentNode} root */
export function mount(root) {
  const block = find(root, "div.highlight.kmf-playground:not([data-kmf-mounted])");
  if (!block) return;
  block.dataset.kmfMounted = "true";
  try {
    new Playground(block, all(root, "div.highlight.kmf-starter"));
  } catch (error) {
    console.error(error);
  }
}

class Playground {
  /**
   * @param {HTMLElement} block  the playground's highlighted code
   * @param {HTMLElement[]} starters  the starter programs' blocks
   */
  constructor(block, starters) {
    /** @type {Set<string>} the starter programs' code: loading one over another loses nothing */
    this.starterCodes = new Set();
    this.state = loadState();
    // the editor holds programs only: `#>` lines (checked outputs) would go stale once edited
    this.original = splitExpected((block.querySelector("code")?.textContent ?? "").replace(/\n$/, "")).program;
    const filename = block.querySelector(".filename")?.textContent.trim() || "playground.py";
    const container = el("div", "kmf-playground-widget");
    block.before(container);
    container.append(block);
    container.prepend(el("div", "kmf-filename", filename));
    this.widget = createRunnable(container, { code: this.original, filename, label: filename, staticView: block });
    if (this.state.code !== null && this.state.code !== this.original) {
      this.widget.setCode(this.state.code);
      const shown = block.querySelector("code"); // until the editor arrives, show the saved code
      if (shown) shown.textContent = `${this.state.code}\n`;
    }
    // The runnable's Reset would replace the reader's code at once: ask first (capture phase, so
    // the runnable's own handler never sees a click the reader did not confirm).
    const reset = this.widget.buttons.reset;
    container.addEventListener(
      "click",
      async (event) => {
        if (event.target !== reset) return;
        event.stopPropagation();
        if (this.hasOwnCode() && !(await confirmInline(this.widget.toolbar, "Replace your code with the starting program?", "Replace", "Keep my code"))) {
          reset.focus();
          return;
        }
        this.widget.setCode(this.original);
        this.widget.clearOutput();
        this.widget.status.textContent = "The starting program is back.";
        reset.focus();
      },
      true,
    );
    this.widget.onChange((code) => {
      this.state.code = code;
      this.state.codeAt = Date.now();
      this.save();
    });
    onRan(container, (outcome) => {
      if (outcome.status !== "ok" && outcome.status !== "error") return;
      this.state.runs += 1;
      this.save();
      this.reportProgress();
    });

    this.shareButton = button("Share", "kmf-share");
    this.widget.toolbar.append(this.shareButton);
    this.shareButton.addEventListener("click", () => this.share());
    this.linkBox = el("div", "kmf-share-link");
    this.linkBox.hidden = true;
    const label = el("label", "", "Link to this code");
    this.linkInput = el("input");
    this.linkInput.type = "text";
    this.linkInput.readOnly = true;
    this.linkInput.id = "kmf-share-link";
    label.htmlFor = this.linkInput.id;
    this.linkBox.append(label, this.linkInput);
    this.widget.toolbar.after(this.linkBox);

    for (const starter of starters) this.addLoadButton(starter);
    this.openShared();
  }

  /** Merged with what another tab saved: the newer code wins, runs only grow. */
  save() {
    const mine = this.state;
    this.state = loadState(update(KEY, (saved) => {
      const theirs = loadState(saved);
      const code = theirs.code !== null && theirs.codeAt > mine.codeAt ? theirs : mine;
      return { code: code.code, codeAt: code.codeAt, runs: Math.max(theirs.runs, mine.runs) };
    }, isRecord));
  }

  reportProgress() {
    const runs = this.state.runs;
    report("playground", { done: runs > 0, count: runs, text: runs === 1 ? "Ran 1 program" : `Ran ${runs} programs` });
  }

  /** Is there code of the reader's own that loading something else would replace? */
  hasOwnCode() {
    const code = this.widget.getCode();
    return code.trim() !== "" && code !== this.original && !this.starterCodes.has(code);
  }

  /** @param {HTMLElement} starter */
  addLoadButton(starter) {
    const code = splitExpected((starter.querySelector("code")?.textContent ?? "").replace(/\n$/, "")).program;
    const name = starter.querySelector(".filename")?.textContent.trim() || "starter.py";
    this.starterCodes.add(code);
    const load = button(`Load ${name}`, "kmf-starter__load");
    const bar = el("p", "kmf-starter__bar");
    bar.append(load);
    starter.after(bar);
    load.addEventListener("click", async () => {
      if (this.hasOwnCode() && !(await confirmInline(bar, `Replace the code in the playground with ${name}?`, "Replace", "Keep my code"))) {
        load.focus();
        return;
      }
      this.widget.setCode(code);
      this.widget.status.textContent = `${name} is in the editor: press Run.`;
      const editor = await this.widget.ready;
      editor.view.dom.scrollIntoView({ block: "center" });
      editor.focus();
    });
  }

  async share() {
    const code = this.widget.getCode();
    let link;
    try {
      link = `${location.origin}${location.pathname}#${FRAGMENT}${await encodeCode(code)}`;
    } catch {
      this.widget.status.textContent = "This browser cannot compress the code for a link (it needs CompressionStream).";
      return;
    }
    this.linkInput.value = link;
    this.linkBox.hidden = false;
    try {
      await navigator.clipboard.writeText(link);
      this.widget.status.textContent = `Link copied to the clipboard (${link.length} characters). Anyone who opens it gets this code.`;
    } catch {
      this.linkInput.focus();
      this.linkInput.select();
      this.widget.status.textContent = "Copy the link from the box below (the clipboard is not available here).";
    }
  }

  async openShared() {
    const fragment = sharedFragment();
    if (fragment === null) return;
    let code;
    try {
      code = await decodeCode(fragment);
    } catch {
      dropFragment();
      this.widget.status.textContent = "The shared link is damaged: its code could not be read. Your own code is unchanged.";
      return;
    }
    if (code === this.widget.getCode()) {
      dropFragment();
      return;
    }
    if (this.hasOwnCode()) {
      const editor = await this.widget.ready;
      const lines = code.replace(/\n$/, "").split("\n").length;
      const replace = await confirmInline(
        this.widget.toolbar,
        `This link holds a program of ${lines} line${lines === 1 ? "" : "s"}. Open it in the playground? It replaces the code you saved here.`,
        "Open the shared code",
        "Keep my code",
      );
      dropFragment();
      editor.focus(); // the question that had the focus is gone
      if (!replace) {
        this.widget.status.textContent = "Your own code is kept; the shared code was not opened.";
        return;
      }
    } else {
      dropFragment();
    }
    this.widget.setCode(code);
    this.state.code = code;
    this.state.codeAt = Date.now();
    this.save();
    this.widget.status.textContent = "The shared code is in the editor: press Run.";
  }
}
