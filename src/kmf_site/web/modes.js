// The learning modes (the hub's cards, read from the page) and the hub that lists them.
//
// Each mode's page saves a one-line summary of its progress with `saveMode(slug, done, text)`
// (store key "mode:<slug>": CONTRIBUTING.md, "Saving progress (store.js), and a mode's progress on
// the hub"); the hub's cards show it and count the modes
// done. The modes that existed before that convention have no such key, so the hub reads their
// own saved state instead, by the kind of page the card links to (data-kmf-kind, which the build
// reads from that page): exercises ("exercises:<slug>", or the older key the card names in
// data-kmf-saved-before), practice questions ("quiz:<slug>:<id>") and a test's best score
// ("test:<slug>:best"). A "mode:<slug>" key, once a page writes one, wins.
//
// A mode's record never goes back: once done it stays done, and its count only grows ("5 of 7"
// stays over a later "1 of 7" from a reload or from an older tab); only Reset progress forgets it.
//
// A page can also be "done" by being read: an element with data-kmf-mode-read="<slug>" near its
// end marks that mode done once the reader has reached every section before it (each h2 and what
// follows it, on screen for a few seconds in all), or answered the section's quick check; the
// sections reached are saved ("read:<slug>"), so reading over several visits counts. The cheat
// sheet is also done when it is printed.
import { keys, load, onChange, union, update } from "./store.js";

const isObject = (v) => v !== null && typeof v === "object" && !Array.isArray(v);
const validMode = (v) => isObject(v) && typeof v.done === "boolean" && typeof v.text === "string" && v.text.length <= 200;

/** The count a mode's text gives ("3 of 5 fixed": 3), or NaN. */
const countOf = (record) => Number(record.text.match(/\d+/)?.[0] ?? NaN);

/**
 * Save a mode's progress for the hub: done (a boolean) and a short text such as "3 of 5 fixed".
 * What is saved never goes back (another tab, or a reload that starts counting again): a record
 * that is done stays, and one whose text counts more ("5 of 7") stays over one that counts less
 * ("1 of 7"). Returns the record kept.
 */
export function saveMode(slug, done, text) {
  const mine = { done: Boolean(done), text: String(text).slice(0, 200) };
  return update(`mode:${slug}`, (saved) => {
    if (!saved) return mine;
    if (saved.done && !mine.done) return saved;
    if (!mine.done && countOf(saved) > countOf(mine)) return saved;
    return mine;
  }, validMode);
}

export function loadMode(slug) {
  return load(`mode:${slug}`, validMode);
}

// What the hub shows for the modes that keep their own state, by the kind of their page (total:
// from the card's data-kmf-total).
const OWN_STATE = {
  exercises(slug, total, savedBefore) {
    // exercise.js keeps a page's exercises under "exercises:<page>" (an older key moved on the next visit)
    const state = load(`exercises:${slug}`, isObject) ?? (savedBefore ? load(savedBefore, isObject) : null);
    if (!state) return null;
    const passed = isObject(state.passed) ? state.passed : {};
    const n = Array.from({ length: total }, (_, i) => passed[i + 1] === true).filter(Boolean).length;
    return { done: n >= total, text: `${n} of ${total} steps` };
  },
  practice(slug, total) {
    // answered once (checked, or `answered` kept by quiz.js when the choice later changed) counts
    const answered = keys(`quiz:${slug}:`).filter((key) => load(key, (v) => isObject(v) && (v.checked === true || v.answered === true))).length;
    if (!answered) return null;
    const n = Math.min(answered, total);
    return { done: n >= total, text: `${n} of ${total} questions answered` };
  },
  test(slug) {
    const best = load(`test:${slug}:best`, (v) => isObject(v) && Number.isInteger(v.score) && Number.isInteger(v.total));
    return best ? { done: true, text: `Best score ${best.score} / ${best.total}` } : null;
  },
};

// A widget that adds to a mode's card (the on-call game on the lab's page): slug -> [(progress) => progress]
const EXTRA = new Map();

/** Let `extend(progress)` add to what the hub shows for mode `slug` (progress: {done, text} or null). */
export function extendMode(slug, extend) {
  EXTRA.set(slug, [...(EXTRA.get(slug) ?? []), extend]);
}

function progressOf(link) {
  const { kmfMode: slug, kmfKind: kind, kmfSavedBefore: savedBefore } = link.dataset;
  const progress = loadMode(slug) ?? OWN_STATE[kind]?.(slug, Number(link.dataset.kmfTotal) || 1, savedBefore) ?? null;
  return (EXTRA.get(slug) ?? []).reduce((shown, extend) => extend(shown), progress);
}

function renderHub(hub) {
  const links = [...hub.querySelectorAll("a[data-kmf-mode]")];
  let done = 0;
  for (const link of links) {
    const card = link.closest("li") ?? link.parentElement;
    let mark = card.querySelector(".kmf-mode__progress");
    if (!mark) {
      mark = document.createElement("span"); // on the card's "25 min" line
      mark.className = "kmf-mode__progress";
      (card.querySelector(".kmf-mode__time") ?? card).append(mark);
    }
    const progress = progressOf(link);
    card.classList.toggle("kmf-mode--done", Boolean(progress?.done));
    card.classList.toggle("kmf-mode--started", Boolean(progress && !progress.done));
    if (progress?.done) done++;
    const label = document.createElement("span");
    label.className = "kmf-mode__state";
    label.textContent = progress?.done ? "Done" : progress ? "In progress" : "Not started";
    if (progress?.done) {
      const tick = document.createElement("span");
      tick.setAttribute("aria-hidden", "true");
      tick.textContent = "✓ ";
      label.prepend(tick);
    }
    mark.replaceChildren(document.createTextNode(" · "), label);
    if (progress?.text) mark.append(document.createTextNode(` · ${progress.text}`));
  }
  const summary = hub.querySelector("[data-kmf-modes-summary]");
  if (summary) {
    summary.textContent = `${done} of ${links.length} modes done`;
    summary.hidden = false;
  }
}

const DWELL_MS = 2000; // on screen this long in all, a section counts as reached

/** The page's sections before `mark`: each h2 and the elements up to the next h2. */
function sectionsBefore(mark) {
  const article = mark.closest("article") ?? document.body;
  const sections = [];
  for (const heading of article.querySelectorAll("h2")) {
    if (!(heading.compareDocumentPosition(mark) & Node.DOCUMENT_POSITION_FOLLOWING)) break;
    const parts = [heading];
    for (let node = heading.nextElementSibling; node && node.tagName !== "H2" && node !== mark; node = node.nextElementSibling) parts.push(node);
    sections.push({ heading, parts });
  }
  return sections;
}

function mountReadMarks(root) {
  for (const mark of root.querySelectorAll("[data-kmf-mode-read]:not([data-kmf-mounted])")) {
    mark.dataset.kmfMounted = "true";
    const slug = mark.dataset.kmfModeRead;
    const sections = sectionsBefore(mark);
    const readKey = `read:${slug}`;
    const validRead = (v) => isObject(v) && isObject(v.sections);
    const reached = new Set(Object.keys(load(readKey, validRead)?.sections ?? {}).map(Number).filter((i) => i < sections.length));
    const report = () => {
      const n = reached.size;
      const all = n >= sections.length;
      saveMode(slug, all, all ? "Read every section" : `Read ${n} of ${sections.length} sections`);
    };
    const reach = (index) => {
      if (reached.has(index)) return;
      reached.add(index);
      update(readKey, (saved) => ({ sections: union(saved?.sections, Object.fromEntries([...reached].map((i) => [i, true]))) }), validRead);
      report();
      if (reached.size >= sections.length) observer?.disconnect();
    };
    // Time on screen per section: any of its parts intersecting the viewport counts.
    const visible = sections.map(() => new Set());
    const since = sections.map(() => 0);
    const spent = sections.map(() => 0);
    const timers = sections.map(() => 0);
    const observer = sections.length && "IntersectionObserver" in window
      ? new IntersectionObserver((entries) => {
        if (!mark.isConnected) return observer.disconnect();
        const now = performance.now();
        for (const entry of entries) {
          // entry.time: when the change happened (on a busy page the callback comes later)
          const index = Number(entry.target.dataset.kmfSection);
          const wasVisible = visible[index].size > 0;
          if (entry.isIntersecting) visible[index].add(entry.target);
          else visible[index].delete(entry.target);
          const isVisible = visible[index].size > 0;
          if (isVisible && !wasVisible) {
            since[index] = entry.time;
            timers[index] = setTimeout(() => reach(index), Math.max(0, DWELL_MS - spent[index] - (now - entry.time)));
          } else if (!isVisible && wasVisible) {
            spent[index] += entry.time - since[index];
            clearTimeout(timers[index]);
            if (spent[index] >= DWELL_MS) reach(index);
          }
        }
      })
      : null;
    sections.forEach(({ parts }, index) => {
      if (reached.has(index)) return;
      for (const part of parts) {
        part.dataset.kmfSection = String(index);
        observer?.observe(part);
      }
      // the section's quick check answered: it was read
      for (const part of parts) {
        part.addEventListener("click", (event) => {
          const button = event.target.closest?.("button");
          if (button?.textContent.trim() !== "Check answer") return;
          if (button.closest(".kmf-q")?.querySelector("input:checked")) reach(index); // with an answer chosen
        });
      }
    });
    if (!sections.length) {
      // a page without sections: reached once the mark itself has been on screen
      const once = new IntersectionObserver((entries) => {
        if (entries.some((entry) => entry.isIntersecting)) {
          once.disconnect();
          saveMode(slug, true, "Read to the end");
        }
      });
      once.observe(mark);
    }
    if ("kmfPrintDone" in mark.dataset) {
      const printed = () => (mark.isConnected ? saveMode(slug, true, "Printed") : window.removeEventListener("beforeprint", printed));
      window.addEventListener("beforeprint", printed);
    }
  }
}

export function mount(root) {
  mountReadMarks(root);
  for (const hub of root.querySelectorAll("[data-kmf-hub]")) renderHub(hub);
}

// Progress changed elsewhere (Reset progress on this page, or another tab): show it.
const refresh = () => document.querySelectorAll("[data-kmf-hub]").forEach(renderHub);
document.addEventListener("kmf:progress-reset", refresh);
onChange(refresh);
