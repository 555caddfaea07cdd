// A reader's main path in Firefox, driven by puppeteer-core over WebDriver BiDi with the system
// Firefox (no driver, no browser download): run an example, edit and run it, Stop a busy loop,
// a guided step's Check (a known mistake, then the solution), a Practice answer's feedback,
// moving between pages by Material's instant navigation, with no page error, no console error
// and no request to another origin.
//
// Run by tests/e2e/test_firefox.py, which serves the built site and passes what to expect:
//   node firefox_main_path.mjs <firefox executable> < expected.json
// expected.json: {site, stdout, edited: {code, stdout}, stop_code, steps, step: {mistake, message,
// solution}, practice: {option, feedback}}. Controls are found by role and name.
import { readFileSync } from "node:fs";

import puppeteer from "puppeteer-core";

const PYTHON_READY_MS = 60_000;
const [executablePath] = process.argv.slice(2);
const expected = JSON.parse(readFileSync(0, "utf8"));
const problems = [];

let thePage = null;

// Controls are found by role and accessible name, computed in the page as Playwright's getByRole
// does for these controls (an explicit role or the element's own; aria-labelledby, aria-label, its
// label, else its text), among those not hidden. Puppeteer's aria/ queries ask Firefox's own
// accessibility tree instead, which took 1-3 s per lookup on these pages (half of this test's time).
const ROLES = {
  button: 'button, [role="button"]',
  textbox: '[role="textbox"], textarea, input[type="text"]',
  log: '[role="log"]',
  progressbar: '[role="progressbar"], progress',
  link: 'a[href], [role="link"]',
  radio: 'input[type="radio"], [role="radio"]',
};

function findByRole(root, name, selector) {
  const text = (element) => (element?.textContent ?? "").replace(/\s+/g, " ").trim();
  const accessibleName = (element) => {
    const by = element.getAttribute("aria-labelledby");
    if (by) return by.split(/\s+/).map((id) => text(document.getElementById(id))).join(" ").trim();
    if (element.hasAttribute("aria-label")) return element.getAttribute("aria-label").trim();
    if (element.labels?.length) return text(element.labels[0]);
    return text(element);
  };
  const shown = (element) =>
    element.getClientRects().length > 0 && getComputedStyle(element).visibility !== "hidden" && !element.closest("[aria-hidden=true], [hidden], [inert]");
  return [...(root ?? document).querySelectorAll(selector)].find(
    (element) => shown(element) && (name === "" || accessibleName(element) === name),
  );
}

/** The first control in `scope` (the page or an element) with this role and name ("": any name). */
async function role(scope, name, kind) {
  const root = scope === thePage ? null : scope;
  const found = await thePage.waitForFunction(findByRole, { timeout: PYTHON_READY_MS, polling: 50 }, root, name, ROLES[kind]);
  return found.asElement();
}

async function waitFor(page, what, fn, ...args) {
  try {
    await page.waitForFunction(fn, { timeout: PYTHON_READY_MS, polling: 100 }, ...args);
  } catch (error) {
    throw new Error(`${what}: ${error.message}`);
  }
}

async function text(handle) {
  return handle.evaluate((element) => element.textContent);
}

/** The runnable widget whose editor is "Python code: <filename>", scrolled into view as a reader does. */
async function runnable(page, filename) {
  await page.evaluate((name) => {
    const title = [...document.querySelectorAll("div.highlight.run .filename")].find(
      (element) => element.textContent.trim() === name,
    );
    const block = title.closest("div.highlight.run");
    (block.closest(".kmf-runnable") ?? block).scrollIntoView({ block: "center" });
  }, filename);
  const editor = await role(page, `Python code: ${filename}`, "textbox");
  return editor.evaluateHandle((element) => element.closest(".kmf-runnable"));
}

/** Click as Playwright does: scroll into view, wait until the element stops moving (editors mount
 * as blocks scroll into view and shift what follows), then click its centre. */
async function click(page, handle) {
  await handle.evaluate((element) => element.scrollIntoView({ block: "center" }));
  await waitFor(page, "the element stops moving", async (element) => {
    const where = () => JSON.stringify(element.getBoundingClientRect());
    const before = where();
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    return before === where();
  }, handle);
  await handle.click();
}

async function replaceCode(page, scope, code) {
  // as a reader does: scroll to it first (a widget is made when it comes near the view)
  await scope.evaluate((element) => element.scrollIntoView({ block: "center" }));
  // the code stands in for the editor until the reader acts on it: a click makes the editor
  await click(page, await role(scope, "", "textbox"));
  await waitFor(page, "the editor has the focus", (element) => element.contains(document.activeElement)
    && document.activeElement.classList.contains("cm-content"), scope);
  const editor = await scope.$(".cm-content");
  await page.keyboard.down("Control");
  await page.keyboard.press("a");
  await page.keyboard.up("Control");
  await page.keyboard.press("Delete");
  await page.keyboard.type(code);
  await waitFor(page, `the editor shows ${JSON.stringify(code)}`,
    (element, want) => element.textContent === want.replaceAll("\n", ""), editor, code);
}

async function run(page, widget) {
  const button = await role(widget, "Run", "button");
  await click(page, button);
  await waitFor(page, "Run is enabled again", (element) => element.getAttribute("aria-disabled") !== "true", button);
}

async function outputIs(page, widget, want) {
  const output = await role(widget, "Output", "log");
  try {
    await waitFor(page, `Output is ${JSON.stringify(want)}`,
      (element, wanted) => element.textContent === wanted, output, want);
  } catch (error) {
    const [shown, status] = await widget.evaluate((element) =>
      [element.querySelector("[role=log]")?.textContent, element.querySelector("[role=status]")?.textContent]);
    throw new Error(`${error.message}; it shows ${JSON.stringify(shown)}, status ${JSON.stringify(status)}`);
  }
}

/** Follow a navigation link: Material's instant navigation swaps the page, Python's worker stays. */
async function navigate(page, name, path) {
  await page.evaluate(() => { window.kmfSamePage = true; });
  await click(page, await role(page, name, "link"));
  const url = new URL(path, expected.site).href;
  await waitFor(page, `the address becomes ${url}`, (wanted) => location.href === wanted, url);
  if (!(await page.evaluate(() => window.kmfSamePage))) problems.push(`following "${name}" reloaded the page`);
}

async function main() {
  const browser = await puppeteer.launch({
    browser: "firefox",
    executablePath,
    headless: true,
    protocol: "webDriverBiDi",
    // Every host but this one goes through a proxy that is not there, so a request to another
    // origin fails at once; the listener below names it. (Intercepting every request instead made
    // each one wait for this script.)
    extraPrefsFirefox: {
      "network.proxy.type": 1,
      "network.proxy.http": "127.0.0.1",
      "network.proxy.http_port": 9,
      "network.proxy.ssl": "127.0.0.1",
      "network.proxy.ssl_port": 9,
      "network.proxy.no_proxies_on": new URL(expected.site).hostname,
    },
  });
  try {
    const page = await browser.newPage();
    thePage = page;
    await page.setViewport({ width: 1280, height: 900 });
    page.setDefaultTimeout(PYTHON_READY_MS);
    page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
    page.on("console", (message) => {
      if (message.type() === "error") problems.push(`console error: ${message.text()}`);
    });
    const own = new URL(expected.site).origin;
    page.on("request", (request) => {
      const url = request.url();
      if (/^https?:/.test(url) && new URL(url).origin !== own) problems.push(`request to another origin: ${url}`);
    });

    // Home: run the example, then edit it and run again.
    await page.goto(expected.site);
    let widget = await runnable(page, "model_info.py");
    await run(page, widget);
    await outputIs(page, widget, expected.stdout);
    await replaceCode(page, widget, expected.edited.code);
    await run(page, widget);
    await outputIs(page, widget, expected.edited.stdout);

    // Stop a program that never ends; Reset and run: Python is there again.
    await replaceCode(page, widget, expected.stop_code);
    const runButton = await role(widget, "Run", "button");
    await click(page, runButton);
    const status = await widget.waitForSelector('[role="status"]');
    await waitFor(page, "the worker started the program", (element) => element.dataset.state === "running", widget);
    await click(page, await role(widget, "Stop", "button"));
    await waitFor(page, "Run is enabled after Stop", (element) => element.getAttribute("aria-disabled") !== "true", runButton);
    const stopped = await text(status);
    if (!stopped.startsWith("Stopped. ")) problems.push(`after Stop the status says ${JSON.stringify(stopped)}`);
    await click(page, await role(widget, "Reset", "button"));
    await click(page, await role(widget, "Yes, reset", "button")); // changed code: Reset asks first
    widget = await runnable(page, "model_info.py");
    await run(page, widget);
    await outputIs(page, widget, expected.stdout);

    // A guided step: a known mistake gets its message, the solution passes.
    await navigate(page, "See it in action", "see-it-in-action/");
    await role(page, "Steps completed", "progressbar");
    const step = await page.waitForSelector('.kmf-step[data-step="1"]');
    const feedback = await step.waitForSelector(".kmf-step__feedback[role=status]");
    await replaceCode(page, step, expected.step.mistake);
    await click(page, await role(step, "Check", "button"));
    await waitFor(page, "the step's feedback names the mistake",
      (element, want) => element.textContent.includes(want), feedback, expected.step.message);
    await replaceCode(page, step, expected.step.solution);
    await click(page, await role(step, "Check", "button"));
    await waitFor(page, "Step 1 passed", (element) => element.textContent.includes("Step 1 passed"), feedback);
    const bar = await role(page, "Steps completed", "progressbar");
    // the page's own count of steps (it comes from the page's exercise blocks)
    await waitFor(page, `1 / ${expected.steps} steps`,
      (element, want) => element.textContent.includes(want), bar, `1 / ${expected.steps} steps`);

    // Practice: an answer gets its feedback.
    await navigate(page, "Practice", "practice/");
    // a radio's accessible name is its label (the whole label: find the one that contains the option)
    await role(page, "", "radio");
    const radios = await page.$$(ROLES.radio);
    const labels = await Promise.all(
      radios.map((radio) => radio.evaluate((input) => input.labels[0]?.textContent ?? "")),
    );
    const option = radios[labels.findIndex((label) => label.includes(expected.practice.option))];
    if (!option) throw new Error(`no radio labelled ${JSON.stringify(expected.practice.option)}: ${labels}`);
    await click(page, await option.evaluateHandle((input) => input.labels[0]));  // as a reader does
    await waitFor(page, "the option is chosen", (input) => input.checked, option);
    const question = await option.evaluateHandle((element) => element.closest("section.kmf-q"));
    await click(page, await role(question, "Check answer", "button"));
    const verdict = await question.waitForSelector('.kmf-q__feedback[role="status"]');
    await waitFor(page, "the Practice feedback",
      (element, want) => element.textContent.includes(want), verdict, expected.practice.feedback);
  } finally {
    await browser.close();
  }
}

try {
  await main();
} catch (error) {
  problems.push(error.stack ?? String(error));
}
if (problems.length) {
  console.error(problems.join("\n"));
  process.exit(1);
}
console.log("Firefox main path: OK");
