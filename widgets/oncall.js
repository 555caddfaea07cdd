// You're on call (the Lab page's second part), a widget of this course (the kmf plugin's `widgets`
// folder, served from assets/course/; it uses only the plugin's public API, ../kmf/main.js): the reader makes the retraining decisions week by
// week in a scenario of retrain_lab.oncall, and at the end sees their score beside the lab's four
// policies. Python owns the game: every decision replays the round (scenario, seed, the letters
// decided so far) in the worker with retrain_lab.oncall.replay, which returns what the dashboard
// may show (never the accuracy of a week whose labels have not arrived) and, at the end, the
// table, the chart (SVG data URLs, shown as an <img>) and the lesson. Every cell is text.
//
// Keys: K keep, R retrain, B roll back, H hold and alert, while the focus is in the game; the
// focus stays on the control that had it (the end moves it to the results' heading).
// State: store "oncall" = {plays: {scenario: n}, best: {scenario: score}, total} (counts only
// grow, a best only rises); the hub's Lab card counts the scenarios played to the end (the
// progress API: mode "lab", part "oncall"; reported on every page, so a record saved before that
// API shows on the hub too).
// Share: #oncall=<scenario>:<seed> opens that scenario with that seed.
import { button, colorScheme, el, isRecord, load, onColorScheme, register, report, runPython, save, startPythonWhenIdle } from "../kmf/main.js";

const TIMEOUT = 30; // seconds: the end compares the round with the policies and the best plan
const LETTERS = { k: "K", r: "R", b: "B", h: "H" };
const MAX_SEED = 4294967295;
const HASH = /^#oncall=([a-z-]+):(\d{1,10})$/;

const counts = (v) => (isRecord(v) ? Object.fromEntries(Object.entries(v).filter(([, n]) => Number.isInteger(n) && n >= 0)) : {});

/** A table's <thead>: one row of column headers. */
function columnHeads(titles) {
  const head = el("tr");
  for (const title of titles) {
    const th = el("th", "", title);
    th.scope = "col";
    head.append(th);
  }
  const thead = el("thead");
  thead.append(head);
  return thead;
}

/** The saved record: {plays: {key: n}, best: {key: score}, total}. */
export function loadRecord() {
  const raw = load("oncall", isRecord) ?? {};
  const best = isRecord(raw.best) ? Object.fromEntries(Object.entries(raw.best).filter(([, n]) => Number.isInteger(n))) : {};
  const total = Number.isInteger(raw.total) && raw.total > 0 ? raw.total : 0;
  return { plays: counts(raw.plays), best, total };
}

/** The game's part of the Lab card on the hub: the scenarios played to the end. */
export function reportProgress() {
  const record = loadRecord();
  const done = Object.values(record.plays).filter((n) => n > 0).length;
  if (!done) return;
  const total = Math.max(record.total, done);
  report("lab", { done: done >= total, count: done, text: `${done} of ${total} on-call scenario${total === 1 ? "" : "s"} done` }, "oncall");
}

/** Python source for one step: the scenario, seed and letters are checked before (no free text). */
export function programFor(scenario, seed, decisions) {
  return `from retrain_lab.oncall import replay\n\nr = replay(${JSON.stringify(scenario)}, ${seed}, ${JSON.stringify(decisions)})\n`;
}

// --- the chart follows Material's light/dark switch

function paintCharts() {
  for (const img of document.querySelectorAll("img.kmf-oncall__chart")) {
    const src = img.dataset[colorScheme()];
    if (src && img.getAttribute("src") !== src) img.src = src;
  }
}

export function mount(root) {
  onColorScheme(paintCharts);
  for (const node of root.querySelectorAll(".kmf-oncall:not([data-kmf-mounted])")) {
    node.dataset.kmfMounted = "true";
    try {
      new OnCall(node);
    } catch (error) {
      console.error(error);
    }
  }
}

class OnCall {
  constructor(root) {
    this.root = root;
    this.game = root.querySelector(".kmf-oncall__game");
    this.title = root.querySelector(".kmf-oncall__title");
    this.brief = root.querySelector(".kmf-oncall__brief");
    this.facts = root.querySelector(".kmf-oncall__facts");
    this.board = root.querySelector(".kmf-oncall__board");
    this.choices = root.querySelector(".kmf-oncall__choices");
    this.status = root.querySelector(".kmf-oncall__status");
    this.results = root.querySelector(".kmf-oncall__results");
    this.seedInput = this.seedField(root.querySelector(".kmf-oncall__pick"));
    this.scenarioButtons = [...root.querySelectorAll("button[data-scenario]")];
    this.scenarios = this.scenarioButtons.map((b) => b.dataset.scenario);
    this.round = null; // {scenario, seed, decisions, weeks, over}
    this.running = false;
    root.hidden = false;
    root.parentElement.querySelector(".kmf-oncall__nojs")?.setAttribute("hidden", "");
    this.showRecord();
    for (const b of this.scenarioButtons) b.addEventListener("click", () => this.start(b.dataset.scenario));
    for (const b of this.choices.querySelectorAll("button[data-choice]")) b.addEventListener("click", () => this.decide(b.dataset.choice));
    this.game.addEventListener("keydown", (event) => {
      if (event.ctrlKey || event.metaKey || event.altKey || event.target.closest("input, textarea, select")) return;
      const letter = LETTERS[event.key.toLowerCase()];
      if (!letter || !this.round || this.round.over) return;
      event.preventDefault();
      this.decide(letter);
    });
    const fromHash = () => {
      const match = location.hash.match(HASH);
      if (!match || !this.scenarios.includes(match[1]) || Number(match[2]) > MAX_SEED) return;
      this.seedInput.value = match[2];
      root.scrollIntoView({ block: "start" });
      this.start(match[1]);
    };
    window.addEventListener("hashchange", fromHash);
    fromHash();
    const observer = new IntersectionObserver((entries) => {
      if (!entries.some((entry) => entry.isIntersecting)) return;
      observer.disconnect();
      startPythonWhenIdle();
    });
    observer.observe(root);
  }

  /** The seed's field, made here (the page's source holds the lab's form inputs only). */
  seedField(pick) {
    const field = el("div", "kmf-oncall__seed");
    const label = el("label", "", "Scenario seed");
    const input = el("input");
    input.id = label.htmlFor = "kmf-oncall-seed";
    Object.assign(input, { type: "number", min: "0", max: String(MAX_SEED), step: "1", value: "7", inputMode: "numeric" });
    field.append(label, input);
    pick.append(field);
    return input;
  }

  seed() {
    const value = this.seedInput.value.trim();
    if (!/^\d{1,10}$/.test(value) || Number(value) > MAX_SEED) return null;
    return Number(value);
  }

  start(scenario) {
    const seed = this.seed();
    if (seed === null) {
      this.game.hidden = false;
      this.status.textContent = `The scenario seed must be a whole number from 0 to ${MAX_SEED}: fix it, then choose a scenario.`;
      this.seedInput.focus();
      return;
    }
    const label = this.scenarioButtons.find((b) => b.dataset.scenario === scenario).textContent;
    this.round = { scenario, seed, decisions: "", weeks: 0, over: false, label };
    this.game.hidden = false;
    this.choices.hidden = false;
    this.title.textContent = `On call: ${label} (seed ${seed})`;
    this.brief.textContent = "";
    this.facts.textContent = "";
    this.board.replaceChildren();
    this.results.replaceChildren();
    this.status.textContent = "Starting week 1…";
    this.choices.querySelector("button").focus(); // the keys work from here on
    this.refresh();
  }

  decide(letter) {
    const round = this.round;
    if (!round || round.over) return;
    // decisions made faster than Python answers wait their turn (never more than the round has)
    if (round.weeks && round.decisions.length >= round.weeks - 1) return;
    round.decisions += letter;
    if (round.weeks && round.decisions.length === round.weeks - 1) {
      this.status.textContent = "Last decision made: scoring your round beside the four policies and the best plan…";
    }
    this.refresh();
  }

  /** Replay the round in Python until the page shows its latest decisions. */
  async refresh() {
    if (this.running) return;
    this.running = true;
    try {
      for (;;) {
        const round = this.round;
        const decisions = round.decisions;
        const width = Math.round(this.results.clientWidth || this.root.clientWidth || 640);
        let stderr = "";
        const outcome = await runPython(programFor(round.scenario, round.seed, decisions), {
          filename: "oncall.py",
          timeout: TIMEOUT,
          after: `result = ns["r"].for_browser(width=${JSON.stringify(width)}) if error is None else None\n`,
          onOutput: (stream, text) => {
            if (stream === "stderr") stderr += text;
          },
          onStatus: (text) => (this.status.textContent = text),
        });
        if (this.round !== round) continue; // another scenario was started meanwhile
        const result = outcome.result;
        if (outcome.status !== "ok" || !result || !Array.isArray(result.rows)) {
          const last = stderr.trim().split("\n").pop();
          this.status.textContent = outcome.message || `The round could not go on: ${last || outcome.status}. Press a key to try again.`;
          round.decisions = decisions.slice(0, -1); // the last decision is kept out: try it again
          break;
        }
        round.weeks = result.weeks;
        // keys pressed before the round's length was known: no more decisions than weeks - 1
        round.decisions = round.decisions.slice(0, round.weeks - 1);
        if (round.decisions === decisions) {
          this.show(result);
          break;
        }
      }
    } finally {
      this.running = false;
    }
  }

  show(result) {
    const round = this.round;
    this.brief.textContent = result.decisions ? "" : result.message.replace(/^Week 1 is served by the launch model\. /, "");
    const serving = result.serving === 0 ? "the launch model" : `the model trained on week ${result.serving}`;
    this.facts.textContent =
      `Week ${result.week} of ${result.weeks} served, by ${serving}. ` +
      `Labels arrive ${result.label_delay} week${result.label_delay === 1 ? "" : "s"} late. ` +
      `Retrains ${result.retrains}, alerts ${result.alerts}, cost so far ${result.cost.toLocaleString("en")}.`;
    this.board.replaceChildren(this.dashboard(result));
    if (!result.over) {
      const said = result.decisions ? `${result.message} ` : "";
      this.status.textContent = `${said}Week ${result.week} served: what serves week ${result.week + 1}?`;
      return;
    }
    round.over = true;
    const focusWasInside = this.game.contains(document.activeElement) || document.activeElement === document.body;
    this.results.replaceChildren(...this.ending(result));
    this.choices.hidden = true;
    this.remember(result);
    this.status.textContent = `${result.message} The round is over: your score is ${result.score.toLocaleString("en")}.`;
    if (focusWasInside) this.results.querySelector(".kmf-oncall__end").focus(); // never lost to <body>
  }

  dashboard(result) {
    const table = el("table", "kmf-oncall__table");
    table.append(el("caption", "", `Your dashboard: accuracy once a week's labels arrive, ${result.statistic} of its inputs against the serving model's training data`));
    const thead = columnHeads(["Week", "Accuracy", result.statistic, "Your decision"]);
    const body = el("tbody");
    const names = { K: "keep", R: "retrain", B: "roll back", H: "hold and alert" };
    for (const row of result.rows) {
      const tr = el("tr");
      const week = el("th", "", String(row.week));
      week.scope = "row";
      const accuracy = row.accuracy ?? `labels in week\u00a0${row.labels_in}`;
      tr.append(week, el("td", row.accuracy ? "" : "kmf-oncall__pending", accuracy), el("td", "", row.drift), el("td", "", row.decision ? names[row.decision] : ""));
      if (row.week === result.week) tr.className = "kmf-oncall__now";
      body.append(tr);
    }
    table.append(thead, body);
    const wrap = el("div", "kmf-oncall__table-wrap");
    wrap.append(table);
    return wrap;
  }

  ending(result) {
    const heading = el("h3", "kmf-oncall__end", `Round over: your score is ${result.score.toLocaleString("en")}`);
    heading.tabIndex = -1;
    const table = el("table", "kmf-oncall__table kmf-oncall__scores");
    table.append(el("caption", "", "Score = customers served correctly − cost, on the same weeks"));
    const thead = columnHeads(["Who", "Score", "Mean accuracy", "Served correctly", "Retrains", "Alerts", "Cost"]);
    const body = el("tbody");
    for (const row of result.table) {
      const tr = el("tr", row.you ? "kmf-oncall__you" : "");
      const who = el("th", "", row.who);
      who.scope = "row";
      tr.append(who);
      for (const key of ["score", "mean", "served", "retrains", "alerts", "cost"]) tr.append(el("td", "", String(row[key])));
      body.append(tr);
    }
    table.append(thead, body);
    const wrap = el("div", "kmf-oncall__table-wrap");
    wrap.tabIndex = 0; // it may scroll sideways on a phone
    wrap.setAttribute("role", "region");
    wrap.setAttribute("aria-label", "Scores");
    wrap.append(table);

    const figure = el("figure", "kmf-oncall__figure");
    const img = el("img", "kmf-oncall__chart");
    img.dataset.light = result.light;
    img.dataset.dark = result.dark;
    img.alt = result.alt;
    img.src = result[colorScheme()];
    figure.append(img, el("figcaption", "", "Letters mark your decisions, above the week after which you made them: R retrain, B roll back, H hold and alert."));

    const lesson = el("p", "kmf-oncall__lesson", result.lesson);
    const share = el("p", "kmf-oncall__share");
    const link = el("a", "", `#oncall=${this.round.scenario}:${this.round.seed}`);
    link.href = `#oncall=${this.round.scenario}:${this.round.seed}`;
    share.append("Same weeks, another try (or share it): ", link);
    const again = button("Play this scenario again", "kmf-oncall__again");
    again.addEventListener("click", () => this.start(this.round.scenario));
    const other = button("Choose another scenario", "kmf-oncall__other");
    other.addEventListener("click", () => {
      this.scenarioButtons[0].scrollIntoView({ block: "center" });
      (this.scenarioButtons.find((b) => b.dataset.scenario !== this.round.scenario) ?? this.scenarioButtons[0]).focus();
    });
    const actions = el("div", "kmf-oncall__actions");
    actions.append(again, other);
    return [heading, wrap, figure, lesson, share, actions];
  }

  remember(result) {
    const record = loadRecord();
    const key = this.round.scenario;
    record.plays[key] = (record.plays[key] ?? 0) + 1;
    record.best[key] = Math.max(record.best[key] ?? -Infinity, result.score);
    record.total = this.scenarios.length;
    save("oncall", record);
    reportProgress();
    this.showRecord();
  }

  showRecord() {
    const record = loadRecord();
    for (const b of this.scenarioButtons) {
      const mark = b.parentElement.querySelector(".kmf-oncall__best");
      const key = b.dataset.scenario;
      if (!mark) continue;
      mark.textContent = Number.isInteger(record.best[key])
        ? `Played ${record.plays[key] ?? 0}×, best score ${record.best[key].toLocaleString("en")}`
        : "Not played yet";
    }
  }
}

reportProgress(); // a record saved before the progress API reaches the hub too
register(mount);
