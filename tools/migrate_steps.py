"""One-off migration (issue #7): snippets/steps/mistakes.toml + checks.golden.json -> one file per
known mistake (snippets/steps/stepN/<id>.py, the message as #> lines), then proof that the new
exercise engine gives every one of them exactly the message the old grader gave.

Run: uv run python tools/migrate_steps.py   (prints the count and every difference; exits 1 on any)
"""

import contextlib
import io
import json
import sys
import tomllib
from pathlib import Path

from kmf_site import runner
from kmf_site.exercise.program import check_program
from kmf_site.exercise.syntax import Exercise, split_mistake
from retrain_lab import steps as old

ROOT = Path(__file__).resolve().parents[1]
STEPS = ROOT / "snippets" / "steps"
golden = json.loads((STEPS / "checks.golden.json").read_text())
table = tomllib.loads((STEPS / "mistakes.toml").read_text())


def judge(program: str, code: str, filename: str) -> dict:
    ns: dict = {}
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        error = runner.execute(code, filename, ns)
    scope = {"ns": ns, "stdout": out.getvalue(), "stderr": "", "error": error}
    exec(program, scope)
    return scope["result"]


written = 0
for step_key, mistakes in table.items():
    n = int(step_key.removeprefix("step"))
    for key, entry in mistakes.items():
        code = entry["code"]
        before = golden[f"{step_key}.{key}"]
        ns: dict = {}
        with contextlib.redirect_stdout(io.StringIO()) as out, contextlib.redirect_stderr(io.StringIO()):
            error = runner.execute(code, f"step{n}.py", ns)
        why = old.check(n, ns, out.getvalue(), error, code)["explanation"]
        lines = [before["message"]] + ([why] if why else [])
        path = STEPS / f"step{n}" / f"{key.replace(' ', '-')}.py"
        path.parent.mkdir(exist_ok=True)
        path.write_text(code + "".join(f"#> {line}\n" for line in lines))
        written += 1

problems = []
passes = 0
for n in range(1, 5):
    exercise = Exercise(
        "docs/see-it-in-action.md",
        0,
        n,
        f"Step {n}",
        f"step-{n}",
        "steps/start.py",
        f"steps/step{n}.py",
        "steps/checks.py",
        f"step{n}",
        f"steps/step{n}",
        f"step{n}.py",
    )
    program = check_program(exercise, ROOT / "snippets")
    solution = judge(program, (STEPS / f"step{n}.py").read_text(), f"step{n}.py")
    if solution["passed"] is not True or golden[f"step{n}"]["passed"] is not True:
        problems.append(f"step {n}: the solution does not pass: {solution}")
    else:
        passes += 1
    for path in exercise.mistake_files(ROOT / "snippets"):
        code, expected = split_mistake(path.read_text())
        got = judge(program, code, f"step{n}.py")
        old_entry = golden[f"step{n}.{path.stem.replace('-', ' ')}"]
        if (
            got["passed"]
            or got["message"] != old_entry["message"]
            or [got["message"]] + ([got["why"]] if got["why"] else []) != expected
        ):
            problems.append(f"{path.relative_to(ROOT)}: old {old_entry['message']!r}\n    new {got}")
mistakes = len(golden) - 4
print(f"golden: {len(golden)} entries = 4 solutions + {mistakes} known mistakes")
print(f"files written: {written}; solutions passing with the new engine: {passes}/4")
print(f"known mistakes whose message differs: {len(problems)}")
for problem in problems:
    print(problem)
sys.exit(1 if problems or written != mistakes else 0)
