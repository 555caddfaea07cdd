"""Checks for the four guided steps on /see-it-in-action/ (docs/see-it-in-action.md).

step1(run) .. step4(run) judge a program that ran to the end; errors(run) explains one that
stopped with an error. Every message below is pinned by a known-mistake file in steps/stepN/.
"""

import ast
import contextlib
import io
import re

from kmf_site.exercise.checks import (
    Failure,
    cut,
    defined,
    error_line,
    fail,
    is_item,
    mentions,
    name_of,
    not_yet,
    printed,
    short,
    statements,
    trial,
    where,
)

START = {"version": 1, "accuracy": 0.75}
UPDATED = {"version": 2, "accuracy": 0.85}
OUTPUT = "{'version': 2, 'accuracy': 0.85}"
NAMES = ("model_info", "new_data_available", "print")  # a NameError close to one is a misspelling
EXAMPLE = "{'version': 1, 'accuracy': 0.75}"


def step1(run):
    model_info_is(run, START)


def step2(run):
    model_info_is(run, START)
    flag_is_true(run)


def step3(run):
    the_if_updates_the_model(run)


def step4(run):
    the_if_updates_the_model(run)
    the_updated_model_is_printed(run)
    printed_without_new_data(run)


# ---------------------------------------------------------------- a program that stopped


def errors(run):
    error, at, text = run.error, where(run), error_line(run)
    if isinstance(error, SyntaxError) and not isinstance(error, IndentationError):
        msg = error.msg or ""
        if re.match(r"(el)?if\b", text):
            if re.search(r"(?<![=!<>:])=(?!=)", text.split("#")[0]):
                fail(
                    f"{at}: a single = stores a value; it cannot be a condition. To compare, use "
                    "== (if new_data_available == True:), or simply write: if new_data_available:"
                )
            if "expected ':'" in msg:
                fail(f"{at}: an if line must end with a colon, like: if new_data_available:")
        if "{" in text and ("Maybe you meant '=='" in msg or "invalid syntax" in msg) and "=" in text.split("{", 1)[1]:
            fail(f"{at}: inside a dict literal, keys and values are joined by a colon, not =: {EXAMPLE}")
        if "forgot a comma" in msg:
            fail(f"{at}: Python expected a comma. Items of a dict are separated by commas: {EXAMPLE}")
        if "unterminated string" in msg:
            fail(
                f"{at}: a string is missing its closing quote. Keys are written like 'version', "
                "with a quote on both sides."
            )
    if isinstance(error, NameError) and name_of(error) in ("model_info", "new_data_available"):
        name = name_of(error)
        if re.search(rf"^\s*{name}\s*==", run.source, re.M):
            fail(
                f"{name} == ... compares, it does not store anything, so {name} was never "
                f"created. Use a single = to assign: {name} = ..."
            )
        if not re.search(rf"^{name}\s*=", run.source, re.M):
            first = 1 if name == "model_info" else 2
            fail(
                f"{name} is not defined: keep the code from step {first} at the top of your "
                "program. Each step adds to the program you already have."
            )
        fail(
            f"{name} is used before it is given a value. Expected the line that creates it "
            "above the lines that use it; found it used first."
        )
    if isinstance(error, KeyError):
        key = error.args[0] if error.args else None
        fail(
            f"model_info has no key {short(key)}. Its keys are 'version' and 'accuracy', "
            "spelled exactly like that, in quotes: model_info['version']."
        )


# ---------------------------------------------------------------- steps 1 and 2: the values


def version_is_whole(version, want):
    if type(version) is float and version == want:
        fail(
            f"version is {version!r}, a float. Version numbers count whole releases: write "
            f"{want} (an int), without the decimal point."
        )
    if isinstance(version, str):
        fail(f"version is the text {short(version)}. Write the number without quotes: {want}")


def model_info_is(run, want, when=""):
    info = defined(run, "model_info")
    if isinstance(info, str):
        fail(
            "model_info is text (a str) because the whole dict is inside quotes. Only the keys "
            f"are quoted: model_info = {EXAMPLE}"
        )
    if not isinstance(info, dict):
        fail(
            f"model_info should be a dict, made with curly braces and key: value pairs; "
            f"found a {type(info).__name__}: {short(info)}"
        )
    keys = list(info)
    if set(keys) != set(want):
        normal = {str(k).strip().lower() for k in keys}
        if normal == set(want) and len(keys) == len(want):
            fail(
                f"Keys must match exactly: expected 'version' and 'accuracy', found "
                f"{', '.join(short(k) for k in keys)}. Check capitals and spaces."
            )
        if set(want) < set(keys):
            extra = ", ".join(short(k) for k in keys if k not in want)
            fail(f"model_info should hold only 'version' and 'accuracy'; remove {extra}.")
        fail(f"Expected the keys 'version' and 'accuracy'; found {', '.join(short(k) for k in keys) or 'no keys'}.")
    version, accuracy = info["version"], info["accuracy"]
    version_is_whole(version, want["version"])
    if isinstance(accuracy, str):
        fail(
            f"accuracy is the text {short(accuracy)}, so it cannot be compared with other "
            f"numbers. Write it without quotes: {want['accuracy']}"
        )
    if isinstance(accuracy, (int, float)) and accuracy == want["accuracy"] * 100:
        fail(f"accuracy is {accuracy!r}; write it as a fraction between 0 and 1: {want['accuracy']}")
    if type(version) is not int or version != want["version"] or accuracy != want["accuracy"]:
        not_yet(f"model_info{' ' + when if when else ''} to be {short(want)}", short(info))
    if type(accuracy) is not float:
        not_yet(f"accuracy to be the float {want['accuracy']}", short(accuracy))


def flag_is_true(run):
    flag = defined(run, "new_data_available")
    if isinstance(flag, str):
        if flag.strip().lower() == "true":
            fail(
                f"new_data_available is the text {short(flag)}, not the boolean True. Remove the "
                "quotes: new_data_available = True",
                "Any non-empty string counts as true in an if, even 'False', so a quoted flag "
                "can never switch retraining off.",
            )
        not_yet("new_data_available to be the boolean True", f"the text {short(flag)}")
    if flag is False:
        fail("new_data_available is False. The story says fresh data has arrived, so set it to True.")
    if type(flag) is int or type(flag) is float:
        fail(
            f"new_data_available is the number {flag!r}. It works in an if, but a yes/no flag "
            "is a bool: new_data_available = True"
        )
    if flag is not True:
        not_yet("new_data_available to be the boolean True", short(flag))


# ---------------------------------------------------------------- step 3: the if


def model_after(node, flag):
    """What the learner's if does to a model at version 7 (None if it raised or lost the dict)."""
    scope = trial(node, model_info={"version": 7, "accuracy": 0.5}, new_data_available=flag)
    info = scope.get("model_info") if scope else None
    return dict(info) if isinstance(info, dict) else None


def the_model_is_updated(run):
    info = run.ns.get("model_info")
    if isinstance(info, dict) and set(info) == set(UPDATED):
        version_is_whole(info["version"], UPDATED["version"])
    try:
        model_info_is(run, UPDATED, "after the if")
    except Failure:
        not_yet("model_info after the if to be {'version': 2, 'accuracy': 0.85}", short(info))


def the_if_updates_the_model(run):
    flag_is_true(run)
    defined(run, "model_info")
    ifs = statements(run, ast.If)
    ours = [node for node in ifs if mentions(node.test, "new_data_available")]
    if not ours:
        if ifs:
            fail("Your if does not test new_data_available. Write the condition as: if new_data_available:")
        fail(
            "There is no if statement yet. Retraining should only happen when fresh data "
            "exists: put the line if new_data_available: above the two updates and indent them."
        )
    node = ours[0]
    for n in (n for stmt in node.body for n in ast.walk(stmt)):
        if (
            isinstance(n, ast.Expr)
            and isinstance(n.value, ast.Compare)
            and any(
                is_item(s, "model_info", "version") or is_item(s, "model_info", "accuracy") for s in ast.walk(n.value)
            )
        ):
            fail(
                f"Line {n.lineno} uses ==, which only compares and changes nothing. Use += 1 to "
                "increase the version and a single = to set the accuracy."
            )
    after = model_after(node, True)
    if after is None or set(after) != {"version", "accuracy"}:
        return the_model_is_updated(run)
    if after["version"] == 2:
        fail(
            "The version is set to 2 instead of being increased by 1. That only works once: "
            "the next retraining would stay at 2. Write: model_info['version'] += 1",
            "The check ran your if on a model at version 7 and got version 2 back.",
        )
    if after["version"] == 7:
        fail("The version did not change. To increase it, assign the result back: model_info['version'] += 1")
    if isinstance(after["accuracy"], str):
        fail(
            f"accuracy is the text {short(after['accuracy'])}. Write the number without quotes: "
            "model_info['accuracy'] = 0.85"
        )
    if after["accuracy"] != 0.85:
        final = run.ns.get("model_info")
        if isinstance(final, dict) and final.get("accuracy") == 0.85:
            fail(
                "The accuracy is set outside the if, so it would change even without new data. "
                "Indent the accuracy line so it lines up with the version update."
            )
        fail("Inside the if, also record the retrained model's accuracy: model_info['accuracy'] = 0.85")
    if after["version"] != 8:
        not_yet(
            "the if to increase the version by exactly 1",
            f"a version of {short(after['version'])} after starting from 7",
        )
    if model_after(node, False) != {"version": 7, "accuracy": 0.5}:
        fail(
            "Your if changes the model even when new_data_available is False. Make the "
            "condition just: if new_data_available:"
        )
    the_model_is_updated(run)


# ---------------------------------------------------------------- step 4: the output


def the_updated_model_is_printed(run):
    stdout = printed(run)
    if stdout in (OUTPUT, OUTPUT + "\n"):
        return
    lines = stdout.splitlines()
    stale = repr(START)
    if not stdout.strip():
        if any(
            isinstance(n, ast.Expr) and mentions(n.value, "model_info") and not isinstance(n.value, ast.Call)
            for n in run.tree.body
        ):
            fail(
                "model_info on a line by itself shows its value only in an interactive "
                "console. A program must print it: print(model_info)"
            )
        fail("Nothing was printed. Add a last line, not indented: print(model_info)")
    if lines == [stale]:
        fail(
            f"The output shows the old model, {stale}: print runs before the if has updated "
            "it. Move print(model_info) to the end, below the if and not indented."
        )
    if lines == [stale, OUTPUT]:
        fail("The dict is printed twice, once before the update. Keep only the print at the end.")
    if lines == ["model_info"]:
        fail(
            "The quotes make 'model_info' a piece of text, so the word itself was printed. "
            "Print the variable, without quotes: print(model_info)"
        )
    if lines in (["2"], ["0.85"]):
        fail(f"Only {lines[0]} was printed. Print the whole dictionary: print(model_info)")
    if OUTPUT in stdout:
        fail(f"Print only the dictionary: the output must be exactly {OUTPUT}, but it was: {cut(stdout)}")
    not_yet(f"the output {OUTPUT}", f"the output {cut(stdout)}")


def printed_without_new_data(run):
    """Run the program again with new_data_available = False: the unchanged model must be printed."""
    ours = [node for node in statements(run, ast.If) if mentions(node.test, "new_data_available")]
    inside = [
        n
        for node in ours
        for stmt in node.body
        for n in ast.walk(stmt)
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == "print"
    ]
    if inside:
        fail(
            f"Line {inside[0].lineno}: print(model_info) is inside the if, so without new data "
            "nothing is printed. Put it after the block, not indented: the model is reported "
            "either way.",
            f"The check ran your program again with new_data_available = False and expected {EXAMPLE}.",
        )
    stdout = without_new_data(run)
    if stdout is not None and stdout.strip() != EXAMPLE:
        not_yet(
            f"the output {EXAMPLE} when new_data_available is False",
            f"the output {cut(stdout) if stdout.strip() else 'nothing'}",
        )


class NoNewData(ast.NodeTransformer):
    """new_data_available = <anything> becomes new_data_available = False."""

    def visit_Assign(self, node):
        if any(isinstance(t, ast.Name) and t.id == "new_data_available" for t in node.targets):
            node.value = ast.Constant(False)
        return node


def without_new_data(run):
    """What the program prints when no new data arrived (None when it raised)."""
    tree = ast.fix_missing_locations(NoNewData().visit(ast.parse(run.source)))
    out = io.StringIO()
    try:
        with contextlib.redirect_stdout(out):
            exec(compile(tree, run.filename, "exec"), {"__name__": "__main__"})
    except Exception:
        return None
    return out.getvalue()
