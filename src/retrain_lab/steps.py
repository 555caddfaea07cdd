"""Checks for the four guided steps on "See it in action".

The browser runs the learner's program in the Pyodide worker, then calls :func:`check` with what
the run left behind: the program's globals, what it printed and the exception it raised (if any),
plus its source for the one check that needs the syntax tree (step 3: an ``if`` on
``new_data_available`` whose body really *increments* the version). The tests call the same
function after running the same programs in CPython and in Pyodide.

Every result is a plain JSON-able dict::

    {"passed": bool, "message": str, "mistake": str | None, "explanation": str}

``mistake`` is the id of a known mistake (see :data:`MISTAKES`), ``"general"`` for an unknown
one, or ``None`` when the step passed. Messages are plain text: the page shows them as text.

Standard library only; runs in CPython 3.12+ and in Pyodide.
"""

from __future__ import annotations

import ast
import builtins
import contextlib
import difflib
import io
import re

__all__ = ["check", "EXPECTED_OUTPUT", "MISTAKES", "STEPS"]

STEPS = 4
START = {"version": 1, "accuracy": 0.75}
UPDATED = {"version": 2, "accuracy": 0.85}
EXPECTED_OUTPUT = "{'version': 2, 'accuracy': 0.85}"
NAMES = ("model_info", "new_data_available", "print")

# Every known mistake the checks can name, by id: the tests keep one program per id.
MISTAKES = {
    # any step: the program did not run
    "indent_missing": "IndentationError",
    "indent_unexpected": "IndentationError",
    "if_assign": "SyntaxError: = in an if condition",
    "if_missing_colon": "SyntaxError: no colon after the if condition",
    "dict_equals": "SyntaxError: = instead of : in a dict",
    "missing_comma": "SyntaxError: no comma between items",
    "unclosed_bracket": "SyntaxError: bracket never closed",
    "unclosed_quote": "SyntaxError: string never closed",
    "misspelled_name": "NameError or a variable with a near-miss name",
    "lowercase_true": "NameError: true instead of True",
    "print_capital": "NameError: Print instead of print",
    "compare_instead_of_assign": "NameError: == where = was meant",
    "missing_earlier_code": "NameError: code of an earlier step deleted",
    "wrong_key": "KeyError",
    # step 1
    "model_info_missing": "no model_info variable",
    "dict_as_string": "the dict written inside quotes",
    "not_a_dict": "model_info is a list, set, tuple...",
    "key_case": "keys with the wrong case or spaces",
    "extra_keys": "keys beyond version and accuracy",
    "wrong_keys": "other key names",
    "version_float": "version 1.0",
    "version_string": "version '1'",
    "accuracy_string": "accuracy '0.75' or '0.85'",
    "accuracy_percent": "accuracy 75 or 85",
    # step 2
    "flag_missing": "no new_data_available variable",
    "string_true": "'True' instead of True",
    "int_not_bool": "1 instead of True",
    "flag_false": "False instead of True",
    # step 3
    "no_if": "no if statement",
    "if_wrong_condition": "an if that does not test new_data_available",
    "hardcoded_version": "version set to 2 instead of increased by 1",
    "compare_in_body": "== where = or += was meant",
    "version_not_incremented": "version left unchanged",
    "accuracy_not_set": "accuracy not set to 0.85 in the if",
    "accuracy_outside_if": "accuracy set outside the if",
    "if_ignores_flag": "the if body runs even when new_data_available is False",
    # step 4
    "missing_print": "nothing printed",
    "bare_expression": "model_info on its own line, not printed",
    "print_before_update": "printed before the if",
    "printed_twice": "printed before and after the if",
    "printed_name_as_string": "print('model_info')",
    "printed_part": "printed one value, not the dict",
    "extra_output": "the dict printed with other text",
    # any step
    "runtime_error": "another exception",
    "general": "anything else",
}

EXPLANATIONS = {
    1: (
        "model_info is a dict with exactly two keys: 'version' holds the int 1 and 'accuracy' "
        "the float 0.75. A model registry keeps the same kind of record for every model version."
    ),
    2: (
        "new_data_available holds the bool True, not the text 'True'. In a real pipeline this "
        "flag comes from a data check or a scheduler; here you set it by hand."
    ),
    3: (
        "The if runs its indented body only when new_data_available is true. The body adds 1 to "
        "whatever the version was, so the same code turns version 7 into 8, and records the new "
        "accuracy: that is one automated retraining in miniature."
    ),
    4: (
        "print(model_info) after the if shows the state the model ends in: "
        "{'version': 2, 'accuracy': 0.85}. Printed earlier, it would show the stale model."
    ),
}


def _cut(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _r(value) -> str:
    """A short, safe repr of a learner's value (dict keys keep their order)."""
    try:
        return _cut(repr(value))
    except Exception:  # a learner's class with a broken __repr__
        return f"<{type(value).__name__} object>"


def _fail(mistake: str, message: str, explanation: str = "") -> dict:
    return {"passed": False, "message": message, "mistake": mistake, "explanation": explanation}


def _general(expected: str, found: str) -> dict:
    return _fail("general", f"Not yet. Expected {expected}, but found {found}.")


def _user_names(ns: dict) -> list[str]:
    return [k for k in ns if isinstance(k, str) and not k.startswith("__")]


def _near(name: str, candidates) -> str | None:
    matches = difflib.get_close_matches(name, list(candidates), n=1, cutoff=0.75)
    if not matches:
        lowered = {c.lower(): c for c in candidates}
        return lowered.get(name.lower())
    return matches[0]


# ---------------------------------------------------------------- errors


def _line(source: str, lineno: int | None) -> str:
    lines = source.splitlines()
    if lineno and 0 < lineno <= len(lines):
        return lines[lineno - 1]
    return ""


def _syntax(error: SyntaxError, source: str) -> dict:
    msg = error.msg or ""
    lineno = error.lineno
    at = f"Line {lineno}" if lineno else "Your code"
    text = _line(source, lineno).strip()
    if isinstance(error, IndentationError):
        if "expected an indented block" in msg:
            return _fail(
                "indent_missing",
                f"{at}: Python expected an indented block. The lines that belong to an if "
                "(or any line ending in a colon) must be indented, for example by 4 spaces.",
            )
        return _fail(
            "indent_unexpected",
            f"{at} is indented but nothing above it opens a block. Only the lines inside the if "
            "are indented; every other line starts at the left edge, and the lines of one block "
            "line up exactly.",
        )
    if re.match(r"(el)?if\b", text):
        if re.search(r"(?<![=!<>:])=(?!=)", text.split("#")[0]):
            return _fail(
                "if_assign",
                f"{at}: a single = stores a value; it cannot be a condition. To compare, use "
                "== (if new_data_available == True:), or simply write: if new_data_available:",
            )
        if "expected ':'" in msg:
            return _fail(
                "if_missing_colon",
                f"{at}: an if line must end with a colon, like: if new_data_available:",
            )
    if "{" in text and ("Maybe you meant '=='" in msg or "invalid syntax" in msg) and "=" in (text.split("{", 1)[1]):
        return _fail(
            "dict_equals",
            f"{at}: inside a dict literal, keys and values are joined by a colon, not =: "
            "{'version': 1, 'accuracy': 0.75}",
        )
    if "forgot a comma" in msg:
        return _fail(
            "missing_comma",
            f"{at}: Python expected a comma. Items of a dict are separated by commas: "
            "{'version': 1, 'accuracy': 0.75}",
        )
    if "was never closed" in msg:
        return _fail(
            "unclosed_bracket",
            f"{at}: {msg}. Every opening bracket needs its closing one, like {{ with }} and ( with ).",
        )
    if "unterminated string" in msg:
        return _fail(
            "unclosed_quote",
            f"{at}: a string is missing its closing quote. Keys are written like 'version', "
            "with a quote on both sides.",
        )
    return _fail(
        "general",
        f"{at}: Python could not read this line ({msg}). Expected a program Python can run; "
        f"found a syntax error in: {text or '(empty line)'}",
    )


def _name_error(step: int, error: NameError, source: str) -> dict:
    name = getattr(error, "name", None)
    if not name:
        m = re.search(r"name '([^']+)' is not defined", str(error))
        name = m.group(1) if m else ""
    if name in ("true", "TRUE", "false", "FALSE"):
        return _fail(
            "lowercase_true",
            f"Python does not know '{name}'. The boolean values are written with a capital letter: True and False.",
        )
    if name in ("Print", "PRINT"):
        return _fail(
            "print_capital",
            "Python names are case-sensitive: the function is print, all lowercase.",
        )
    if name in ("model_info", "new_data_available"):
        if re.search(rf"^\s*{name}\s*==", source, re.M):
            return _fail(
                "compare_instead_of_assign",
                f"{name} == ... compares, it does not store anything, so {name} was never "
                f"created. Use a single = to assign: {name} = ...",
            )
        if not re.search(rf"^{name}\s*=", source, re.M):
            first = 1 if name == "model_info" else 2
            return _fail(
                "missing_earlier_code",
                f"{name} is not defined: keep the code from step {first} at the top of your "
                "program. Each step adds to the program you already have.",
            )
        return _fail(
            "general",
            f"{name} is used before it is given a value. Expected the line that creates it "
            "above the lines that use it; found it used first.",
        )
    near = _near(name, NAMES)
    if near:
        return _fail(
            "misspelled_name",
            f"Python does not know '{name}'. Did you mean '{near}'? Names must be spelled exactly the same everywhere.",
        )
    return _fail(
        "general",
        f"Python does not know the name '{name}'. Expected only the names model_info, "
        "new_data_available and print; found a NameError.",
    )


def _error(step: int, error: BaseException, source: str) -> dict:
    if isinstance(error, SyntaxError):
        return _syntax(error, source)
    if isinstance(error, NameError):
        return _name_error(step, error, source)
    if isinstance(error, KeyError):
        key = error.args[0] if error.args else None
        return _fail(
            "wrong_key",
            f"model_info has no key {_r(key)}. Its keys are 'version' and 'accuracy', "
            "spelled exactly like that, in quotes: model_info['version'].",
        )
    return _fail(
        "runtime_error",
        f"Your program stopped with {type(error).__name__}: {_cut(str(error))}. "
        "Read the last line of the output, fix that line and run again.",
    )


# ---------------------------------------------------------------- values


def _find(ns: dict, name: str, missing: str) -> dict | None:
    if name in ns:
        return None
    near = _near(name, _user_names(ns))
    if near:
        return _fail(
            "misspelled_name",
            f"You created '{near}', but the check looks for '{name}': names must match exactly.",
        )
    return _fail(missing, f"No variable called {name} was created. Write: {name} = ...")


def _dict_shape(ns: dict, want: dict, when: str) -> dict | None:
    """Check model_info against ``want``; None when it matches with the right types."""
    missing = _find(ns, "model_info", "model_info_missing")
    if missing:
        return missing
    info = ns["model_info"]
    if isinstance(info, str):
        return _fail(
            "dict_as_string",
            "model_info is text (a str) because the whole dict is inside quotes. Only the keys "
            "are quoted: model_info = {'version': 1, 'accuracy': 0.75}",
        )
    if not isinstance(info, dict):
        return _fail(
            "not_a_dict",
            f"model_info should be a dict, made with curly braces and key: value pairs; "
            f"found a {type(info).__name__}: {_r(info)}",
        )
    keys = list(info)
    if set(keys) != set(want):
        normal = {str(k).strip().lower() for k in keys}
        if normal == set(want) and len(keys) == len(want):
            return _fail(
                "key_case",
                f"Keys must match exactly: expected 'version' and 'accuracy', found "
                f"{', '.join(_r(k) for k in keys)}. Check capitals and spaces.",
            )
        if set(want) < set(keys):
            extra = ", ".join(_r(k) for k in keys if k not in want)
            return _fail(
                "extra_keys",
                f"model_info should hold only 'version' and 'accuracy'; remove {extra}.",
            )
        return _fail(
            "wrong_keys",
            f"Expected the keys 'version' and 'accuracy'; found {', '.join(_r(k) for k in keys) or 'no keys'}.",
        )
    version, accuracy = info["version"], info["accuracy"]
    if type(version) is float and version == want["version"]:
        return _fail(
            "version_float",
            f"version is {version!r}, a float. Version numbers count whole releases: write "
            f"{want['version']} (an int), without the decimal point.",
        )
    if isinstance(version, str):
        return _fail(
            "version_string",
            f"version is the text {_r(version)}. Write the number without quotes: {want['version']}",
        )
    if isinstance(accuracy, str):
        return _fail(
            "accuracy_string",
            f"accuracy is the text {_r(accuracy)}, so it cannot be compared with other "
            f"numbers. Write it without quotes: {want['accuracy']}",
        )
    if isinstance(accuracy, (int, float)) and accuracy == want["accuracy"] * 100:
        return _fail(
            "accuracy_percent",
            f"accuracy is {accuracy!r}; write it as a fraction between 0 and 1: {want['accuracy']}",
        )
    if type(version) is not int or version != want["version"] or accuracy != want["accuracy"]:
        return _general(f"model_info{' ' + when if when else ''} to be {_r(want)}", _r(info))
    if type(accuracy) is not float:
        return _general(f"accuracy to be the float {want['accuracy']}", _r(accuracy))
    return None


def _flag(ns: dict) -> dict | None:
    missing = _find(ns, "new_data_available", "flag_missing")
    if missing:
        return missing
    flag = ns["new_data_available"]
    if isinstance(flag, str):
        if flag.strip().lower() == "true":
            return _fail(
                "string_true",
                f"new_data_available is the text {_r(flag)}, not the boolean True. Remove the "
                "quotes: new_data_available = True",
                "Any non-empty string counts as true in an if, even 'False', so a quoted flag "
                "can never switch retraining off.",
            )
        return _general("new_data_available to be the boolean True", f"the text {_r(flag)}")
    if flag is False:
        return _fail(
            "flag_false",
            "new_data_available is False. The story says fresh data has arrived, so set it to True.",
        )
    if type(flag) is int or type(flag) is float:
        return _fail(
            "int_not_bool",
            f"new_data_available is the number {flag!r}. It works in an if, but a yes/no flag "
            "is a bool: new_data_available = True",
        )
    if flag is not True:
        return _general("new_data_available to be the boolean True", _r(flag))
    return None


# ---------------------------------------------------------------- step 3: the if


def _mentions(node: ast.AST, name: str) -> bool:
    return any(isinstance(n, ast.Name) and n.id == name for n in ast.walk(node))


def _is_key(node: ast.AST, key: str) -> bool:
    return (
        isinstance(node, ast.Subscript)
        and isinstance(node.value, ast.Name)
        and node.value.id == "model_info"
        and isinstance(node.slice, ast.Constant)
        and node.slice.value == key
    )


def _trial(node: ast.If, flag: bool) -> dict | None:
    """Run just the if statement on a model at version 7; return its model_info afterwards."""
    code = compile(ast.Module(body=[node], type_ignores=[]), "<check>", "exec")
    ns = {
        "__builtins__": builtins,
        "model_info": {"version": 7, "accuracy": 0.5},
        "new_data_available": flag,
    }
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            exec(code, ns)
    except Exception:
        return None
    info = ns.get("model_info")
    return dict(info) if isinstance(info, dict) else None


def _step3(ns: dict, source: str) -> dict | None:
    problem = _flag(ns)
    if problem:
        return problem
    missing = _find(ns, "model_info", "model_info_missing")
    if missing:
        return missing
    try:
        tree = ast.parse(source)
    except SyntaxError:  # it ran, so this only happens if source is not what ran
        return _general("the program's source", "source that does not parse")
    ifs = [n for n in ast.walk(tree) if isinstance(n, ast.If)]
    ours = [n for n in ifs if _mentions(n.test, "new_data_available")]
    if not ours:
        if ifs:
            return _fail(
                "if_wrong_condition",
                "Your if does not test new_data_available. Write the condition as: if new_data_available:",
            )
        return _fail(
            "no_if",
            "There is no if statement yet. Retraining should only happen when fresh data "
            "exists: put the line if new_data_available: above the two updates and indent them.",
        )
    node = ours[0]
    body = [n for stmt in node.body for n in ast.walk(stmt)]
    for n in body:
        if (
            isinstance(n, ast.Expr)
            and isinstance(n.value, ast.Compare)
            and any(_is_key(s, "version") or _is_key(s, "accuracy") for s in ast.walk(n.value))
        ):
            return _fail(
                "compare_in_body",
                f"Line {n.lineno} uses ==, which only compares and changes nothing. Use += 1 to "
                "increase the version and a single = to set the accuracy.",
            )
    after = _trial(node, True)
    if after is None or set(after) != {"version", "accuracy"}:
        return _check_final(ns)
    if after["version"] == 2:
        return _fail(
            "hardcoded_version",
            "The version is set to 2 instead of being increased by 1. That only works once: "
            "the next retraining would stay at 2. Write: model_info['version'] += 1",
            "The check ran your if on a model at version 7 and got version 2 back.",
        )
    if after["version"] == 7:
        return _fail(
            "version_not_incremented",
            "The version did not change. To increase it, assign the result back: model_info['version'] += 1",
        )
    if isinstance(after["accuracy"], str):
        return _fail(
            "accuracy_string",
            f"accuracy is the text {_r(after['accuracy'])}. Write the number without quotes: "
            "model_info['accuracy'] = 0.85",
        )
    if after["accuracy"] != 0.85:
        final = ns.get("model_info")
        if isinstance(final, dict) and final.get("accuracy") == 0.85:
            return _fail(
                "accuracy_outside_if",
                "The accuracy is set outside the if, so it would change even without new data. "
                "Indent the accuracy line so it lines up with the version update.",
            )
        return _fail(
            "accuracy_not_set",
            "Inside the if, also record the retrained model's accuracy: model_info['accuracy'] = 0.85",
        )
    if after["version"] != 8:
        return _general(
            "the if to increase the version by exactly 1",
            f"a version of {_r(after['version'])} after starting from 7",
        )
    if _trial(node, False) != {"version": 7, "accuracy": 0.5}:
        return _fail(
            "if_ignores_flag",
            "Your if changes the model even when new_data_available is False. Make the "
            "condition just: if new_data_available:",
        )
    return _check_final(ns)


def _check_final(ns: dict) -> dict | None:
    problem = _dict_shape(ns, UPDATED, "after the if")
    if problem and problem["mistake"] in ("version_float", "version_string"):
        return problem
    if problem:
        return _general(
            "model_info after the if to be {'version': 2, 'accuracy': 0.85}",
            _r(ns.get("model_info")),
        )
    return None


# ---------------------------------------------------------------- step 4: the output


def _step4(ns: dict, stdout: str, source: str) -> dict | None:
    if stdout in (EXPECTED_OUTPUT, EXPECTED_OUTPUT + "\n"):
        return None
    lines = stdout.splitlines()
    stale = repr(START)
    if not stdout.strip():
        try:
            tree = ast.parse(source)
        except SyntaxError:
            tree = ast.Module(body=[], type_ignores=[])
        if any(
            isinstance(n, ast.Expr) and _mentions(n.value, "model_info") and not isinstance(n.value, ast.Call)
            for n in tree.body
        ):
            return _fail(
                "bare_expression",
                "model_info on a line by itself shows its value only in an interactive "
                "console. A program must print it: print(model_info)",
            )
        return _fail(
            "missing_print",
            "Nothing was printed. Add a last line, not indented: print(model_info)",
        )
    if lines == [stale]:
        return _fail(
            "print_before_update",
            f"The output shows the old model, {stale}: print runs before the if has updated "
            "it. Move print(model_info) to the end, below the if and not indented.",
        )
    if lines == [stale, EXPECTED_OUTPUT]:
        return _fail(
            "printed_twice",
            "The dict is printed twice, once before the update. Keep only the print at the end.",
        )
    if lines == ["model_info"]:
        return _fail(
            "printed_name_as_string",
            "The quotes make 'model_info' a piece of text, so the word itself was printed. "
            "Print the variable, without quotes: print(model_info)",
        )
    if lines in (["2"], ["0.85"]):
        return _fail(
            "printed_part",
            f"Only {lines[0]} was printed. Print the whole dictionary: print(model_info)",
        )
    if EXPECTED_OUTPUT in stdout:
        return _fail(
            "extra_output",
            f"Print only the dictionary: the output must be exactly {EXPECTED_OUTPUT}, but it was: {_cut(stdout)}",
        )
    return _general(f"the output {EXPECTED_OUTPUT}", f"the output {_cut(stdout)}")


# ---------------------------------------------------------------- entry point


def _passed(step: int) -> dict:
    return {
        "passed": True,
        "message": f"Step {step} passed.",
        "mistake": None,
        "explanation": EXPLANATIONS[step],
    }


def check(step: int, ns: dict, stdout: str, error: BaseException | None, source: str) -> dict:
    """Judge the learner's run of step ``step`` (1-4) from what the run left behind.

    ``ns`` is the program's globals, ``stdout`` what it printed, ``error`` the exception it
    raised (or None) and ``source`` the program's text.
    """
    if step not in EXPLANATIONS:
        raise ValueError(f"step must be 1 to {STEPS}, not {step!r}")
    ns = ns if isinstance(ns, dict) else {}
    stdout = stdout if isinstance(stdout, str) else ""
    source = source if isinstance(source, str) else ""
    try:
        if error is not None:
            return _error(step, error, source)
        if step == 1:
            problem = _dict_shape(ns, START, "")
        elif step == 2:
            problem = _dict_shape(ns, START, "") or _flag(ns)
        elif step == 3:
            problem = _step3(ns, source)
        else:
            problem = _step3(ns, source) or _step4(ns, stdout, source)
    except Exception as bug:  # never let a strange value crash the check
        return _fail("general", f"The check could not read your result ({type(bug).__name__}).")
    return problem or _passed(step)
