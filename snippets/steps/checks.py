"""Checks for the five guided steps on /see-it-in-action/ (docs/see-it-in-action.md).

step1(run) .. step5(run) judge a program that ran to the end; errors(run) explains one that
stopped with an error. Every message below is pinned by a known-mistake file in steps/stepN/, and
every program in steps/stepN/accepted/ must pass.

A check judges what the program does: it runs the learner's whole program again, unchanged, in
other situations (a model at version 7, the flag False, a better, a worse or an equal new model:
``rerun`` gives the program's own variables those values the moment it creates them) and compares
the values the program ends with and prints (parsed, not as text; numbers as the page shows them,
to 2 decimals). The code's shape is read only to explain a failure the behaviour has shown.
"""

import ast
import re

from kmf_site.exercise.checks import (
    cut,
    defined,
    error_line,
    fail,
    in_learner_code,
    is_item,
    mentions,
    name_of,
    not_yet,
    printed,
    printed_values,
    rerun,
    same,
    short,
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
    printed_in_every_situation(run)


def step5(run):
    flag_is_true(run)
    new_accuracy_is_set(run)
    model_info_is_a_model(run)
    the_gate_promotes_only_a_better_model(run)
    model_info_is(run, UPDATED, "at the end")
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
    line = in_learner_code(run)
    return f"Line {line}" if line else "Your code"


# ---------------------------------------------------------------- the program's values


def value_of(run, name, missing=""):
    """The value ``name`` ends with: the program's global, or (a program that keeps everything in a
    function, such as main()) the value it had in that function; fails as ``defined`` does."""
    if name in run.ns:
        return run.ns[name]
    plain = situation(run)
    if plain.error is None and name in plain.values:
        return plain.values[name]
    return defined(run, name, missing)


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
    info = value_of(run, "model_info")
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
    if isinstance(accuracy, (int, float)) and same(accuracy, want["accuracy"] * 100):
        fail(f"accuracy is {accuracy!r}; write it as a fraction between 0 and 1: {want['accuracy']}")
    if type(version) is not int or version != want["version"] or not same(accuracy, want["accuracy"]):
        not_yet(f"model_info{' ' + when if when else ''} to be {short(want)}", short(info))
    if type(accuracy) is not float:
        not_yet(f"accuracy to be the float {want['accuracy']}", short(accuracy))


def flag_is_true(run):
    flag = value_of(run, "new_data_available")
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


# ---------------------------------------------------------------- situations


def situation(run, version=None, accuracy=None, flag=None, new=None):
    """The learner's whole program run again (cached): ``model_info`` starts at ``version`` and
    ``accuracy`` the moment the program creates it, ``new_data_available`` is ``flag`` and
    ``new_accuracy`` is ``new`` (None: the program's own value)."""
    cache = run.__dict__.setdefault("situations", {})
    key = (version, accuracy, flag, new)
    if key not in cache:
        inputs = {}
        if version is not None:
            inputs["model_info"] = lambda v: (
                {"version": version, "accuracy": accuracy}
                if isinstance(v, dict) and "version" in v and "accuracy" in v
                else None
            )
        if flag is not None:
            inputs["new_data_available"] = lambda v: flag
        if new is not None:
            inputs["new_accuracy"] = lambda v: new
        cache[key] = rerun(run, inputs)
    return cache[key]


def model(version, accuracy):
    return {"version": version, "accuracy": accuracy}


def shown(value):
    """A model as the page prints it (accuracy to 2 decimals), or a short repr of anything else."""
    if isinstance(value, dict) and set(value) == {"version", "accuracy"}:
        a = value["accuracy"]
        a = round(a, 2) if isinstance(a, float) else a
        return short({"version": value["version"], "accuracy": a})
    return short(value)


def told(version, accuracy, flag=True, new=None):
    """The situation in words, for a message."""
    words = f"model_info starting as {short(model(version, accuracy))}, new_data_available = {flag}"
    return words + (f" and new_accuracy = {new}" if new is not None else "")


def ended(run, sit, what):
    """The model a situation ended with; fails when the program stopped with an error there."""
    if sit.error is not None:
        line = in_learner_code(run, sit.error)
        at = f" at line {line}" if line else ""
        kind = type(sit.error).__name__
        text = "it did not finish (a loop that never ends?)" if kind == "TooLong" else f"{kind}: {cut(str(sit.error))}"
        fail(f"The check ran your program with {what}, and it stopped{at}: {text}.")
    return sit.value("model_info")


def assigns_item(node, key):
    """Whether ``node`` changes model_info[key] (an assignment or +=)."""
    targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(node, ast.AugAssign) else []
    return any(is_item(t, "model_info", key) for t in targets)


def outside_ifs(run, key):
    """The lines that change model_info[key] at the left edge, outside every if."""
    return [n.lineno for n in run.tree.body if assigns_item(n, key)]


# ---------------------------------------------------------------- step 3: the if


def compared_only(run, key):
    """The lines where model_info[key] is compared with == on a line of its own (nothing stored)."""
    return [
        n.lineno
        for n in ast.walk(run.tree)
        if isinstance(n, ast.Expr)
        and isinstance(n.value, ast.Compare)
        and any(is_item(s, "model_info", key) for s in ast.walk(n.value))
    ]


def the_if_updates_the_model(run):
    flag_is_true(run)
    model_info_is_a_model(run)
    after = ended(run, situation(run, 7, 0.5, True), told(7, 0.5))
    what = f"the check ran your program with {told(7, 0.5)}"
    if not isinstance(after, dict) or set(after) != {"version", "accuracy"}:
        not_yet(f"model_info to keep its keys 'version' and 'accuracy' ({what})", shown(after))
    version, accuracy = after["version"], after["accuracy"]
    if version == 7:
        compares = compared_only(run, "version")
        if compares:
            fail(
                f"Line {compares[0]} uses ==, which only compares and changes nothing: {what}, and the "
                "version stayed 7. Use += 1 to increase the version: model_info['version'] += 1"
            )
        fail(
            f"The version did not change: {what}, and it ended at version 7. Inside the if, "
            "increase it by 1: model_info['version'] += 1"
        )
    if version == 2:
        fail(
            "The version is set to 2 instead of being increased by 1. That only works once: "
            "the next retraining would stay at 2. Write: model_info['version'] += 1",
            f"{what[0].upper()}{what[1:]}, and it ended at version 2.",
        )
    if isinstance(accuracy, str):
        fail(f"accuracy is the text {short(accuracy)}. Write the number without quotes: model_info['accuracy'] = 0.85")
    if version != 8:
        not_yet(f"the version to go from 7 to 8 when {what}", f"version {short(version)}")
    if not same(accuracy, 0.85):
        if same(accuracy, 0.5):
            compares = compared_only(run, "accuracy")
            if compares:
                fail(
                    f"Line {compares[0]} uses ==, which only compares and changes nothing: {what}, and "
                    "the accuracy stayed 0.5. Set it with a single =: model_info['accuracy'] = 0.85"
                )
            fail(
                f"The accuracy did not change: {what}, and it stayed 0.5. Inside the if, also "
                "record the retrained model's accuracy: model_info['accuracy'] = 0.85"
            )
        fail(
            f"The accuracy ended at {short(accuracy)}, not 0.85, when {what}: it depends on the old "
            "accuracy. The retrained model scores 0.85 whatever the old one did: set it with a "
            "single =, model_info['accuracy'] = 0.85"
        )
    unchanged = model(7, 0.5)
    quiet = ended(run, situation(run, 7, 0.5, False), told(7, 0.5, False))
    if not same(quiet, unchanged):
        what = f"The check ran your program with {told(7, 0.5, False)}, and the model became {shown(quiet)}"
        changed = [
            key
            for key in ("version", "accuracy")
            if isinstance(quiet, dict) and not same(quiet.get(key), unchanged[key])
        ]
        outside = [line for key in changed for line in outside_ifs(run, key)]
        ifs = [n for n in ast.walk(run.tree) if isinstance(n, ast.If)]
        if not ifs:
            fail(
                f"{what}: without new data nothing should change. There is no if statement yet: put the "
                "line if new_data_available: above the two updates and indent them."
            )
        if outside:
            fail(
                f"{what}: without new data nothing should change. Line {outside[0]} is not indented, "
                "so it runs whether or not there is new data: indent it under the if."
            )
        if not any(mentions(n.test, "new_data_available") for n in ifs):
            fail(
                f"{what}: without new data nothing should change, but your if does not test "
                "new_data_available. Make the condition: if new_data_available:"
            )
        fail(f"{what}: without new data nothing should change. Make the condition: if new_data_available:")
    model_info_is(run, UPDATED, "after the if")


def model_info_is_a_model(run):
    info = value_of(run, "model_info")
    if isinstance(info, dict) and set(info) == {"version", "accuracy"}:
        version_is_whole(info["version"], UPDATED["version"])
        return
    model_info_is(run, UPDATED, "after the if")


# ---------------------------------------------------------------- step 4: the output

PRINT_ONLY = "Print only the dictionary"


def the_updated_model_is_printed(run):
    stdout = printed(run)
    values = printed_values(stdout)
    if len(values) == 1 and same(values[0], UPDATED):
        return
    if not stdout.strip():
        bare = [
            n.lineno
            for n in ast.walk(run.tree)
            if isinstance(n, ast.Expr) and mentions(n.value, "model_info") and not isinstance(n.value, ast.Call)
        ]
        if bare:
            fail(
                f"Nothing was printed. Line {bare[0]}, model_info on a line by itself, shows its value "
                "only in an interactive console. A program must print it: print(model_info)"
            )
        fail("Nothing was printed. Add a last line, not indented: print(model_info)")
    if len(values) == 1 and same(values[0], START):
        fail(
            f"The output shows the old model, {EXAMPLE}: print runs before the if has updated it. "
            "Move print(model_info) to the end, below the if and not indented."
        )
    if len(values) == 2 and same(values[0], START) and same(values[1], UPDATED):
        fail(
            f"The model is printed twice, {EXAMPLE} before the update and {OUTPUT} after. {PRINT_ONLY}, "
            "once, at the end: keep only the print below the if."
        )
    if values == ["model_info"]:
        fail(
            "The quotes make 'model_info' a piece of text, so the word itself was printed. "
            "Print the variable, without quotes: print(model_info)"
        )
    if len(values) == 1 and isinstance(values[0], (int, float)) and not isinstance(values[0], bool):
        fail(f"Only {short(values[0])} was printed. Print the whole dictionary: print(model_info)")
    if any(same(v, UPDATED) for v in values) or OUTPUT in stdout:
        lines = len(stdout.splitlines())
        fail(
            f"{PRINT_ONLY}, the task says: the output must be the one line {OUTPUT}, but it was "
            f"{lines} line{'s' if lines > 1 else ''}: {cut(stdout)}"
            if lines > 1
            else f"{PRINT_ONLY}, the task says: the output must be {OUTPUT}, with nothing around it, "
            f"but it was: {cut(stdout)}"
        )
    not_yet(f"the output {OUTPUT}", f"the output {cut(stdout)}")


def printed_in_every_situation(run):
    """The program prints the model it ends with, new data or not, whatever the model was."""
    for flag in (True, False):
        sit = situation(run, 7, 0.5, flag)
        final = ended(run, sit, told(7, 0.5, flag))
        values = printed_values(sit.stdout)
        if len(values) == 1 and same(values[0], final):
            continue
        what = f"The check ran your program with {told(7, 0.5, flag)}"
        found = f"it printed {cut(sit.stdout)}" if sit.stdout.strip() else "it printed nothing"
        inside = [
            n.lineno
            for node in ast.walk(run.tree)
            if isinstance(node, ast.If) and mentions(node.test, "new_data_available")
            for stmt in node.body
            for n in ast.walk(stmt)
            if isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == "print"
        ]
        if not flag and not sit.stdout.strip() and inside:
            fail(
                f"Line {inside[0]}: print(model_info) is inside the if, so without new data nothing is "
                "printed. Put it after the block, not indented: the model is reported either way.",
                f"{what}, and {found}; expected {shown(final)}.",
            )
        fail(
            f"{what}, and {found}: expected only the model it ended with, {shown(final)}. "
            f"{PRINT_ONLY}: print(model_info)"
        )


# ---------------------------------------------------------------- step 5: promote only if better

NEW_ACCURACY = "new_accuracy = 0.85"
GATE = "if new_data_available and new_accuracy > model_info['accuracy']:"
# (old accuracy, new accuracy, new data?, promoted?): a better, a worse, an equal and a slightly
# worse model; no new data; and old accuracies far from 0.75, so a fixed threshold shows
CASES = [
    (0.80, 0.90, True, True),
    (0.80, 0.70, True, False),
    (0.80, 0.80, True, False),
    (0.80, 0.78, True, False),
    (0.80, 0.90, False, False),
    (0.60, 0.65, True, True),
    (0.90, 0.88, True, False),
    (0.90, 0.95, True, True),
]


def new_accuracy_is_set(run):
    value = value_of(
        run,
        "new_accuracy",
        "No variable called new_accuracy was created. Above the if, write the retrained model's "
        f"accuracy: {NEW_ACCURACY}",
    )
    if isinstance(value, str):
        fail(f"new_accuracy is the text {short(value)}. Write the number without quotes: {NEW_ACCURACY}")
    if isinstance(value, (int, float)) and same(value, 85):
        fail(f"new_accuracy is 85; write it as a fraction between 0 and 1, like the old one: {NEW_ACCURACY}")
    if not isinstance(value, (int, float)) or isinstance(value, bool) or not same(value, 0.85):
        not_yet("new_accuracy to be 0.85", short(value))


def constants_compared(run):
    """The numbers the program compares new_accuracy (or anything) with, written in the code."""
    return [
        (n.lineno, c.value)
        for n in ast.walk(run.tree)
        if isinstance(n, ast.Compare)
        for c in [n.left, *n.comparators]
        if isinstance(c, ast.Constant) and isinstance(c.value, float)
    ]


def ops(run, kind):
    """The lines that use the operator ``kind`` (ast.Or, ast.GtE ...)."""
    return [
        n.lineno
        for n in ast.walk(run.tree)
        if isinstance(n, (ast.Compare, ast.BoolOp))
        and any(isinstance(o, kind) for o in (n.ops if isinstance(n, ast.Compare) else [n.op]))
    ]


def setting(old, new, flag=True):
    data = "with new data" if flag else "without new data (new_data_available = False)"
    return (
        f"the check ran your program {data}, model_info starting at version 7 with accuracy {old:.2f}, "
        f"and new_accuracy = {new:.2f}"
    )


def the_gate_promotes_only_a_better_model(run):
    outcome = {}
    for old, new, flag, _ in CASES:
        sit = situation(run, 7, old, flag, new)
        what = told(7, old, flag, new)
        final = ended(run, sit, what)
        if "new_accuracy" not in sit.replaced and flag:
            fail(
                "new_accuracy must be set before the if, once, as the retrained model's result: "
                f"{NEW_ACCURACY}. The check gives it other values and found none set before your "
                "program compared."
            )
        if not isinstance(final, dict) or set(final) != {"version", "accuracy"}:
            not_yet(f"model_info to keep its keys 'version' and 'accuracy' (with {what})", shown(final))
        promoted = final["version"] != 7
        outcome[(old, new, flag)] = (promoted, final, sit)

    def did(old, new, flag=True):
        return outcome[(old, new, flag)][0]

    def story(old, new, flag=True):
        promoted, final, _ = outcome[(old, new, flag)]
        verb = "promoted the new model: model_info became" if promoted else "kept the old model: model_info stayed"
        return f"{setting(old, new, flag)}; it {verb} {shown(final)}"

    if did(0.80, 0.70) and not did(0.80, 0.90):
        fail(
            f"The comparison is the wrong way round: {story(0.80, 0.70)}; with new_accuracy = 0.90 it kept "
            "the old model. Promote when new_accuracy is greater: new_accuracy > model_info['accuracy']"
        )
    if did(0.80, 0.90, False):
        if did(0.80, 0.70) and ops(run, ast.Or):
            fail(
                f"With or, the if promotes when either side is true: {story(0.80, 0.70)}, a worse model, "
                f"only because there was new data. Both must hold, so use and: {GATE}"
            )
        fail(
            f"Without new data there is no new model to promote, yet {story(0.80, 0.90, False)}. Keep the "
            f"flag in the condition: {GATE}"
        )
    if not did(0.80, 0.90) and not did(0.60, 0.65) and not did(0.90, 0.95):
        fail(
            f"Your program never promotes, not even a better model: {story(0.80, 0.90)}. When new_accuracy "
            "is greater, increase the version and record the new accuracy."
        )
    wrong = [(old, new, flag, right) for old, new, flag, right in CASES if did(old, new, flag) != right]
    if wrong:
        ties = [case for case in wrong if case[0] == case[1]]
        others = [case for case in wrong if case[0] != case[1]]
        old, new, flag, right = (others or ties)[0]
        numbers = constants_compared(run)
        if others and numbers:
            fail(
                f"Line {numbers[0][0]} compares with the fixed number {short(numbers[0][1])}: "
                f"{story(old, new, flag)}. Compare new_accuracy with the old model's accuracy, "
                "model_info['accuracy']: after each promotion it changes, and the next model must beat that one."
            )
        if not others:
            extra = " With >=, a tie counts as better." if ops(run, ast.GtE) or ops(run, ast.LtE) else ""
            fail(
                f"A tie must keep the old model, yet {story(old, new, flag)}.{extra} Swapping models "
                "costs a deployment and risks new bugs for no gain: promote only if the new one beats "
                "the old, new_accuracy > model_info['accuracy']"
            )
        if right:
            fail(f"A better model must be promoted, yet {story(old, new, flag)}. Compare with the old accuracy: {GATE}")
        fail(
            f"Only a better model may be promoted, yet {story(old, new, flag)}. Compare new_accuracy "
            f"with the old model's accuracy: {GATE}"
        )
    for old, new, flag, right in CASES:
        promoted, final, sit = outcome[(old, new, flag)]
        want = model(8, new) if right else model(7, old)
        if not same(final, want):
            if right and same(final["accuracy"], 0.85):
                fail(
                    f"The accuracy is set to 0.85 whatever the new model scored: {story(old, new, flag)}. "
                    "Record its real result: model_info['accuracy'] = new_accuracy"
                )
            not_yet(f"model_info to become {shown(want)} when {setting(old, new, flag)}", shown(final))
        values = printed_values(sit.stdout)
        if not (len(values) == 1 and same(values[0], final)):
            found = cut(sit.stdout) if sit.stdout.strip() else "nothing"
            fail(
                f"{story(old, new, flag)[0].upper()}{story(old, new, flag)[1:]}, but it printed {found}. "
                f"{PRINT_ONLY}, as in step 4: print(model_info) at the end."
            )
