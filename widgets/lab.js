// The retraining lab (/lab/), a widget of this course (the kmf plugin's `widgets` folder, served
// from assets/course/): a form of labelled controls runs retrain_lab.lab in the site's one Python
// worker; the result comes back through the run API's `result` (table rows, the chart as SVG data
// URLs for light and dark, and its alt text). The chart is an <img>, never inserted HTML, and
// every table cell is text. Without JavaScript the form stays hidden and the page's program shows
// the same simulation. It uses only the plugin's public API (../kmf/main.js: examples/README.md).
//
// State: store "lab" = {settings: {name: number}, runs: n, tried: [keys]}; the hub's Lab card
// hears of it through the progress API (mode "lab").
import { colorScheme, el, isRecord, load, onColorScheme, register, report, runPython, save, startPythonWhenIdle } from "../kmf/main.js";

const TIMEOUT = 30; // seconds: a long simulation (104 weeks) is still well inside this
const FIELDS = ["weeks", "drift", "shift", "label_delay", "seed", "every", "threshold", "drift_threshold", "cost_per_retrain"];
const WHOLE = new Set(["weeks", "label_delay", "seed", "every"]);

// --- the chart follows Material's light/dark switch

function paintCharts() {
  for (const img of document.querySelectorAll("img.kmf-lab__chart")) {
    const src = img.dataset[colorScheme()];
    if (src && img.getAttribute("src") !== src) img.src = src;
  }
}

// --- saved state

function loadState() {
  const raw = load("lab", isRecord) ?? {};
  const settings = {};
  if (isRecord(raw.settings)) {
    for (const name of FIELDS) {
      const v = raw.settings[name];
      if (typeof v === "number" && Number.isFinite(v)) settings[name] = v;
    }
  }
  const runs = Number.isInteger(raw.runs) && raw.runs >= 0 ? raw.runs : 0;
  const tried = Array.isArray(raw.tried) ? raw.tried.filter((k) => typeof k === "string" && k.length < 400).slice(-20) : [];
  return { settings, runs, tried };
}

/** Python source for one run: the numbers come from validated number inputs (JSON numbers are
 * valid Python literals), never from free text. */
export function programFor(settings) {
  const args = FIELDS.map((name) => `${name}=${JSON.stringify(settings[name])}`).join(", ");
  return `from retrain_lab.lab import Settings, run_lab\n\nlab = run_lab(Settings(${args}))\n`;
}

export function mount(root) {
  onColorScheme(paintCharts);
  for (const form of root.querySelectorAll("form.kmf-lab:not([data-kmf-mounted])")) {
    form.dataset.kmfMounted = "true";
    try {
      new Lab(form);
    } catch (error) {
      console.error(error);
    }
  }
}

class Lab {
  constructor(form) {
    this.form = form;
    this.status = form.querySelector(".kmf-lab__status");
    this.results = form.querySelector(".kmf-lab__results");
    this.runButton = form.querySelector("button[type=submit]");
    this.stopButton = form.querySelector(".kmf-lab__stop");
    this.controller = null;
    this.state = loadState();
    for (const [name, value] of Object.entries(this.state.settings)) {
      const input = form.elements.namedItem(name);
      if (input) input.value = String(value);
    }
    form.hidden = false;
    form.parentElement.querySelector(".kmf-lab__nojs")?.setAttribute("hidden", "");
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.run();
    });
    form.addEventListener("reset", () => {
      setTimeout(() => (this.status.textContent = "Default settings are back: press Run simulation."), 0);
    });
    this.stopButton.addEventListener("click", () => this.controller?.abort());
    // Python boots when the lab is in view and the browser is idle (text first).
    const observer = new IntersectionObserver((entries) => {
      if (!entries.some((entry) => entry.isIntersecting)) return;
      observer.disconnect();
      startPythonWhenIdle();
    });
    observer.observe(form);
  }

  settings() {
    const values = {};
    for (const name of FIELDS) {
      const input = this.form.elements.namedItem(name);
      values[name] = WHOLE.has(name) ? parseInt(input.value, 10) : Number(input.value);
    }
    return values;
  }

  async run() {
    if (this.controller) return;
    if (!this.form.reportValidity()) { // the form is novalidate: we check, and say so in the status
      this.status.textContent = "A setting is outside its range: fix the highlighted field, then press Run simulation.";
      return;
    }
    const settings = this.settings();
    const width = Math.round(this.results.clientWidth || this.form.clientWidth || 640);
    this.controller = new AbortController();
    this.runButton.disabled = true;
    this.stopButton.disabled = false;
    this.status.textContent = "Simulating…";
    let stderr = "";
    const started = performance.now();
    const outcome = await runPython(programFor(settings), {
      filename: "lab.py",
      timeout: TIMEOUT,
      signal: this.controller.signal,
      // the chart, table and alt text, plus every policy's accuracy per week (for the notes)
      after: `result = dict(ns["lab"].for_browser(width=${JSON.stringify(width)}), series={r.policy: list(r.accuracies) for r in ns["lab"].runs}) if error is None else None\n`,
      onOutput: (stream, text) => {
        if (stream === "stderr") stderr += text;
      },
      onStatus: (text) => (this.status.textContent = text),
    });
    const ms = Math.round(performance.now() - started); // with loading Python, if it was not ready
    this.controller = null;
    this.runButton.disabled = false;
    this.stopButton.disabled = true;
    const result = outcome.result;
    if (outcome.status === "ok" && result && Array.isArray(result.rows)) {
      this.show(result, settings);
      this.status.textContent = `Simulated ${settings.weeks} weeks of 4 policies in ${outcome.elapsedMs} ms.`;
      this.form.dispatchEvent(new CustomEvent("kmf:lab-ran", { detail: { ms, elapsedMs: outcome.elapsedMs } }));
      this.remember(settings);
    } else if (outcome.status === "error") {
      const last = stderr.trim().split("\n").pop() || "the simulation failed";
      this.status.textContent = `The simulation did not run: ${last}`;
    } else if (outcome.status === "stopped" || outcome.status === "timeout") {
      this.status.textContent = outcome.status === "timeout" ? `Stopped after the time limit of ${TIMEOUT} s.` : "Stopped.";
    } else {
      this.status.textContent = outcome.message || "The simulation could not run.";
    }
  }

  show(result, settings) {
    const figure = el("figure", "kmf-lab__figure");
    const img = el("img", "kmf-lab__chart");
    img.dataset.light = result.light;
    img.dataset.dark = result.dark;
    img.alt = result.alt;
    img.src = result[colorScheme()];
    figure.append(img);

    const table = el("table", "kmf-lab__table");
    const caption = el("caption", "", `Results over ${settings.weeks} weeks (seed ${settings.seed}); cost = retrains × ${settings.cost_per_retrain} per retrain`);
    const head = el("thead");
    const headRow = el("tr");
    for (const title of ["Policy", "Mean accuracy", "Worst week", "Retrains", "Cost"]) {
      const th = el("th", "", title);
      th.scope = "col";
      headRow.append(th);
    }
    head.append(headRow);
    const body = el("tbody");
    for (const row of result.rows) {
      const tr = el("tr");
      const name = el("th", "", String(row.policy));
      name.scope = "row";
      tr.append(name);
      // "(week 12)" never breaks inside, so a narrow screen wraps before it
      for (const key of ["mean", "worst", "retrains", "cost"]) tr.append(el("td", "", String(row[key]).replace(/week (\d)/g, "week\u00a0$1")));
      body.append(tr);
    }
    table.append(caption, head, body);
    const scroller = el("div", "kmf-lab__table-wrap");
    scroller.tabIndex = 0; // it may scroll sideways on a narrow screen: reachable by keyboard
    scroller.setAttribute("role", "region");
    scroller.setAttribute("aria-label", "Results table");
    scroller.append(table);
    this.results.replaceChildren(figure, ...this.notes(result, settings), scroller);
  }

  /** What the chart alone does not make plain, from this run's own numbers. */
  notes(result, settings) {
    const notes = [];
    const series = result.series && typeof result.series === "object" ? result.series : {};
    const names = Object.keys(series);
    const same = (a, b) => series[a].length === series[b].length && series[a].every((v, i) => v === series[b][i]);
    const retrains = Object.fromEntries((result.rows ?? []).map((row) => [String(row.policy), String(row.retrains)]));
    const covered = new Set();
    for (const [i, name] of names.entries()) {
      const earlier = names.slice(0, i).find((other) => !covered.has(other) && same(other, name));
      if (!earlier) continue;
      covered.add(name);
      const count = retrains[name] !== undefined && retrains[name] === retrains[earlier] ? retrains[name] : null;
      const both = count === null ? "" : count === "0" ? " (neither retrained)" : ` (both retrained ${count} time${count === "1" ? "" : "s"})`;
      notes.push(`${name} and ${earlier} have the same accuracy every week${both}, so their lines lie on top of each other: the chart draws ${earlier} wide underneath and ${name} narrow on top, with hollow markers.`);
    }
    // The world's concept drift is a rotation of the labelling rule: after 360° it is back.
    const drift = Math.abs(settings.drift);
    const never = names[0] ? series[names[0]] : null;
    if (drift > 0 && never && 360 / drift < settings.weeks) {
      const period = 360 / drift;
      const weeks = [];
      for (let k = 1; 1 + Math.round(k * period) <= settings.weeks; k++) weeks.push(1 + Math.round(k * period));
      const at = weeks.map((week) => `week ${week} (${never[week - 1].toFixed(2)})`);
      const list = at.length === 1 ? at[0] : `${at.slice(0, -1).join(", ")} and ${at.at(-1)}`;
      const turn = Number.isInteger(period) ? `${period}` : `about ${period.toFixed(1)}`;
      notes.push(
        `Why ${names[0]} climbs back: in this simulated world the rule from inputs to labels turns ${settings.drift}° a week, so every ${turn} weeks it has turned a full circle and is where it started. `
        + `The model trained in week 1 then fits again: ${list}. Real drift does not come back round like this, so compare the policies over the first ${turn} weeks.`,
      );
    }
    return notes.map((text) => el("p", "kmf-lab__note", text));
  }

  remember(settings) {
    const key = JSON.stringify(FIELDS.map((name) => settings[name]));
    const tried = this.state.tried.filter((k) => k !== key).concat(key).slice(-20);
    this.state = { settings, runs: this.state.runs + 1, tried };
    save("lab", this.state);
    const n = this.state.runs;
    const variants = tried.length;
    report("lab", { done: variants >= 2, count: n, text: `${n} simulation${n === 1 ? "" : "s"} run, ${variants} setting${variants === 1 ? "" : "s"} tried` });
  }
}

register(mount);
