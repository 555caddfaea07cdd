"""Checks for the five guided steps on /see-it-in-action/ (docs/see-it-in-action.md).

step1(run) .. step5(run) judge a program that ran to the end; errors(run) explains one that
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
NAMES = ("model_info", "new_data_available", "new_accuracy", "print")  # a NameError close to one is a misspelling
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


def step5(run):
    flag_is_true(run)
    new_accuracy_is_set(run)
    the_gate_promotes_only_a_better_model(run)
    the_updated_model_is_printed(run)


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
    if isinstance(error, NameError) and name_of(error) in ("model_info", "new_data_available", "new_accuracy"):
        name = name_of(error)
        if re.search(rf"^\s*{name}\s*==", run.source, re.M):
            fail(
                f"{name} == ... compares, it does not store anything, so {name} was never "
                f"created. Use a single = to assign: {name} = ..."
            )
        if name == "new_accuracy" and not re.search(rf"^\s*{name}\s*=", run.source, re.M):
            fail(f"new_accuracy is not defined: create it above the if, {NEW_ACCURACY}")
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
    if isinstance(error, TypeError) and re.search(r"'[<>]=?' not supported between instances of", str(error)):
        at = line_of(run)
        kinds = re.findall(r"'(\w+)'", str(error).split("instances of", 1)[1])
        if "str" in kinds:
            fail(
                f"{at}: Python cannot compare text with a number. new_accuracy is a number, written "
                f"without quotes: {NEW_ACCURACY}"
            )
        if "dict" in kinds:
            fail(
                f"{at}: Python cannot compare a number with the whole dict. Compare with the old "
                "accuracy inside it: new_accuracy > model_info['accuracy']"
            )
    if isinstance(error, KeyError):
        key = error.args[0] if error.args else None
        fail(
            f"model_info has no key {short(key)}. Its keys are 'version' and 'accuracy', "
            "spelled exactly like that, in quotes: model_info['version']."
        )


def line_of(run):
    """``Line N`` of the learner's program where a runtime error was raised, else ``Your code``."""
    line, tb = None, getattr(run.error, "__traceback__", None)
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == run.filename:
            line = tb.tb_lineno
        tb = tb.tb_next
    return f"Line {line}" if line else "Your code"


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


# ---------------------------------------------------------------- step 5: promote only if better

NEW_ACCURACY = "new_accuracy = 0.85"
GATE = "if new_data_available and new_accuracy > model_info['accuracy']:"


def new_accuracy_is_set(run):
    value = defined(
        run,
        "new_accuracy",
        "No variable called new_accuracy was created. Above the if, write the retrained model's "
        f"accuracy: {NEW_ACCURACY}",
    )
    if isinstance(value, str):
        fail(f"new_accuracy is the text {short(value)}. Write the number without quotes: {NEW_ACCURACY}")
    if value == 85:
        fail(f"new_accuracy is 85; write it as a fraction between 0 and 1, like the old one: {NEW_ACCURACY}")
    if value != 0.85:
        not_yet("new_accuracy to be 0.85", short(value))


def gate_statements(run):
    """The top-level ifs that decide the promotion (they mention the flag or new_accuracy)."""
    return [
        node
        for node in run.tree.body
        if isinstance(node, ast.If) and (mentions(node, "new_data_available") or mentions(node, "new_accuracy"))
    ]


def after_gate(nodes, flag, old, new):
    """A model at version 7 with accuracy ``old``, after the learner's ifs (None if they raised)."""
    scope = {"model_info": {"version": 7, "accuracy": old}, "new_data_available": flag, "new_accuracy": new}
    for node in nodes:
        scope = trial(node, **{k: v for k, v in scope.items() if k != "__builtins__"})
        if scope is None:
            return None
    info = scope.get("model_info")
    return dict(info) if isinstance(info, dict) else None


def the_gate_promotes_only_a_better_model(run):
    defined(run, "model_info")
    nodes = gate_statements(run)
    if not nodes:
        fail(f"There is no if statement yet. Promote the new version only when it is better: {GATE}")
    if not any(
        mentions(node.test, "new_accuracy")
        for node in ast.walk(ast.Module(body=nodes, type_ignores=[]))
        if isinstance(node, ast.If)
    ):
        fail(
            "Your if does not look at new_accuracy yet, so a worse model would be promoted too. Add "
            f"the comparison to its condition: {GATE}"
        )
    if any(
        isinstance(n, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "new_accuracy" for t in n.targets)
        for node in nodes
        for n in ast.walk(node)
    ):
        fail(
            "new_accuracy is set inside the if, so the comparison sees whatever is set there. Set it "
            f"once, above the if, as the retrained model's result: {NEW_ACCURACY}"
        )
    unchanged = {"version": 7, "accuracy": 0.8}
    better = after_gate(nodes, True, 0.8, 0.9)
    worse = after_gate(nodes, True, 0.8, 0.7)
    close = after_gate(nodes, True, 0.8, 0.78)
    tie = after_gate(nodes, True, 0.8, 0.8)
    no_data = after_gate(nodes, False, 0.8, 0.9)
    if None in (better, worse, close, tie, no_data):
        not_yet("your if to run on any model", "an if that stops with an error when the accuracies change")
    if worse != unchanged and better == unchanged:
        fail(
            "The comparison is the wrong way round: your if promotes a model at 0.70 over one at 0.80 "
            "and keeps out one at 0.90. Promote when new_accuracy is greater: new_accuracy > "
            "model_info['accuracy']"
        )
    if no_data != unchanged and worse != unchanged:
        fail(
            "With or, the if promotes when either side is true: new data alone would promote a worse "
            f"model. Both must hold, so use and: {GATE}"
        )
    if no_data != unchanged:
        fail(
            "Your if promotes even when new_data_available is False: without new data there is no "
            f"new model to promote. Keep the flag in the condition: {GATE}"
        )
    if worse != unchanged:
        fail(
            "A model at 0.70 was promoted over one at 0.80: the if must compare new_accuracy with the "
            f"old accuracy. {GATE}"
        )
    if close != unchanged:
        fail(
            "A model at 0.78 was promoted over one at 0.80: compare new_accuracy with "
            "model_info['accuracy'], not with the number 0.75. After a promotion the old accuracy "
            "changes, and the next model must beat that one."
        )
    if tie != unchanged:
        fail(
            "With >=, a model that is only as good as the old one (a tie) is promoted. Swapping "
            "models costs a deployment and risks new bugs for no gain: promote only if the new one "
            "beats the old, with >."
        )
    if better == unchanged:
        fail(
            "Your if never promotes, not even a model at 0.90 over one at 0.80. Inside it, increase "
            "the version and record the new accuracy."
        )
    if better["accuracy"] == 0.85:
        fail(
            "The accuracy is set to 0.85 whatever the new model scored: record its real result, "
            "model_info['accuracy'] = new_accuracy"
        )
    if better != {"version": 8, "accuracy": 0.9}:
        not_yet(
            "a promotion to raise the version by 1 and record new_accuracy",
            f"{short(better)} after promoting a model at 0.90 over version 7 at 0.80",
        )
    the_model_is_updated(run)
