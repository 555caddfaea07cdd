// A tiny widget of this course (the kmf plugin's `widgets` folder, served from assets/course/),
// written with the plugin's public API only: type some numbers, press Average, and tinylab.mean
// runs in the site's one Python worker. The numbers reach Python as a JSON list (valid Python),
// never as free text.
import { button, el, register, report, runPython } from "../kmf/main.js";

/** The numbers in `text` (spaces or commas between them), or null when something else is there. */
function numbers(text) {
  const parts = text.split(/[\s,]+/).filter(Boolean);
  const values = parts.map(Number);
  return parts.length && values.every(Number.isFinite) ? values : null;
}

register((root) => {
  for (const box of root.querySelectorAll(".tiny-average:not([data-kmf-mounted])")) {
    box.dataset.kmfMounted = "true";
    const label = el("label", "", "Numbers");
    const input = el("input");
    input.id = label.htmlFor = "tiny-average-numbers";
    input.value = "1 2 3 4";
    const go = button("Average", "md-button--primary");
    const status = el("p", "", "");
    status.setAttribute("role", "status");
    go.addEventListener("click", async () => {
      const values = numbers(input.value);
      if (!values) {
        status.textContent = "Type numbers only, with spaces or commas between them.";
        return input.focus();
      }
      status.textContent = "Averaging…";
      const outcome = await runPython(`import tinylab\nanswer = tinylab.mean(${JSON.stringify(values)})\n`, {
        filename: "average.py",
        after: "result = ns['answer'] if error is None else None",
      });
      if (outcome.status !== "ok") return (status.textContent = outcome.message || "Python could not average them.");
      status.textContent = `The mean of ${values.length} numbers is ${outcome.result}.`;
      report("index", { done: true, count: 1, text: "Averaged your own numbers" });
    });
    box.append(label, input, go, status);
  }
});
