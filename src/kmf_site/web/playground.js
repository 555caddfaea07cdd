// Playground (/playground/): one big runnable editor (the ```python {.kmf-playground} block) whose
// code is saved as you type, starter programs (```python {.kmf-starter} blocks) to load into it,
// and Share: a link whose fragment holds the code, deflate-raw compressed and base64url encoded
// (CompressionStream, native in current browsers). Opening a shared link loads its code, but asks
// first when that would replace code the reader saved. Without JavaScript every block stays
// highlighted code.
//
// State: localStorage[store.js PREFIX + "playground"] = {code, runs}; the hub hears of the runs through progress.js (mode "playground").
import { createRunnable } from "./runner.js";
import { load, update } from "./store.js";
import { report } from "./progress.js";
import { button, confirmInline, el, splitExpected } from "./dom.js";

const KEY = "playground";
const MAX_CODE = 50_000; // characters: a shared link never expands to more than this
const FRAGMENT = "code=";

// ------------------------------------------------------------------ the link's fragment

async function pipe(bytes, stream) {
  const response = new Response(new Blob([bytes]).stream().pipeThrough(stream));
  return new Uint8Array(await response.arrayBuffer());
}

function toBase64url(bytes) {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64url(text) {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new Error("not base64url");
  const binary = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

/** The code as a URL-safe string: UTF-8, deflate-raw, base64url. */
export async function encodeCode(code) {
  return toBase64url(await pipe(new TextEncoder().encode(code), new CompressionStream("deflate-raw")));
}

/** The code back from encodeCode's string; throws on anything else (or on more than MAX_CODE). */
export async function decodeCode(text) {
  const reader = new Blob([fromBase64url(text)]).stream().pipeThrough(new DecompressionStream("deflate-raw")).getReader();
  const chunks = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > MAX_CODE * 4) {
      reader.cancel();
      throw new Error("too long");
    }
    chunks.push(value);
  }
  const code = new TextDecoder("utf-8", { fatal: true }).decode(await new Blob(chunks).arrayBuffer());
  if (code.length > MAX_CODE) throw new Error("too long");
  return code;
}

function sharedFragment() {
  const hash = location.hash.slice(1);
  return hash.startsWith(FRAGMENT) ? hash.slice(FRAGMENT.length) : null;
}

function dropFragment() {
  history.replaceState(history.state, "", location.pathname + location.search);
}

// ------------------------------------------------------------------ state

function loadState(raw = load(KEY, (v) => v !== null && typeof v === "object" && !Array.isArray(v))) {
  return {
    code: typeof raw?.code === "string" && raw.code.length <= MAX_CODE ? raw.code : null,
    codeAt: Number.isFinite(raw?.codeAt) ? raw.codeAt : 0,
    runs: Number.isInteger(raw?.runs) && raw.runs >= 0 ? raw.runs : 0,
  };
}

// ------------------------------------------------------------------ the page

export function mount(root) {
  const block = root.querySelector("div.highlight.kmf-playground:not([data-kmf-mounted])");
  if (!block) return;
  block.dataset.kmfMounted = "true";
  try {
    new Playground(block, [...root.querySelectorAll("div.highlight.kmf-starter")]);
  } catch (error) {
    console.error(error);
  }
}

class Playground {
  constructor(block, starters) {
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
    const reset = this.widget.toolbar.querySelector(".kmf-reset");
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
    container.addEventListener("kmf:ran", (event) => {
      if (!["ok", "error"].includes(event.detail.status)) return;
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
    this.state = update(KEY, (saved) => {
      const theirs = loadState(saved);
      const code = theirs.code !== null && theirs.codeAt > mine.codeAt ? theirs : mine;
      return { code: code.code, codeAt: code.codeAt, runs: Math.max(theirs.runs, mine.runs) };
    });
  }

  reportProgress() {
    const runs = this.state.runs;
    report("playground", { done: runs > 0, count: runs, text: runs === 1 ? "Ran 1 program" : `Ran ${runs} programs` });
  }

  /** Is there code of the reader's own that loading something else would replace? */
  hasOwnCode() {
    const code = this.widget.getCode();
    return code.trim() !== "" && code !== this.original && !this.starterCodes?.has(code);
  }

  addLoadButton(starter) {
    const code = splitExpected((starter.querySelector("code")?.textContent ?? "").replace(/\n$/, "")).program;
    const name = starter.querySelector(".filename")?.textContent.trim() || "starter.py";
    (this.starterCodes ??= new Set()).add(code);
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
      await this.widget.ready;
      this.widget.editor.view.dom.scrollIntoView({ block: "center" });
      this.widget.editor.focus();
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
      await this.widget.ready;
      const lines = code.replace(/\n$/, "").split("\n").length;
      const replace = await confirmInline(
        this.widget.toolbar,
        `This link holds a program of ${lines} line${lines === 1 ? "" : "s"}. Open it in the playground? It replaces the code you saved here.`,
        "Open the shared code",
        "Keep my code",
      );
      dropFragment();
      this.widget.editor.focus(); // the question that had the focus is gone
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
