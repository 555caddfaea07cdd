"""Debug it: a rollback that loses the previous version (docs/debug-it.md, #rollback).

The check runs the program's own deploy() and rollback() from a fresh start (serving version 1,
empty history) through three stories: one deploy then a rollback; two deploys then two rollbacks;
a deploy that skips a version (v3 never served) then a rollback.
"""

import contextlib
import io

from kmf_site.exercise.checks import defined, fail, not_yet, short

NAMES = ("serving", "history", "deploy", "rollback")
FIX = "history.append(serving['version']) first, then serving['version'] = version"
WHY = (
    "A rollback is the emergency exit: when a new model misbehaves, it must bring back the last "
    "good version at once. This one leaves the bad model serving, and the good version is gone "
    "from the history."
)


def story(run, *actions):
    """Start at version 1 with an empty history, apply deploy(n) / rollback() ('back') in order,
    and return the version served after each action (and the history at the end)."""
    run.ns["serving"] = {"model": "churn", "version": 1}
    run.ns["history"] = []
    served = []
    for action in actions:
        try:
            with contextlib.redirect_stdout(io.StringIO()):
                if action == "back":
                    run.ns["rollback"]()
                else:
                    run.ns["deploy"](action)
        except IndexError:
            empty_history()
        except Exception as error:
            call = "rollback()" if action == "back" else f"deploy({action})"
            fail(f"{call} stopped with {type(error).__name__}: {short(str(error))}")
        served.append(run.ns["serving"].get("version"))
    return served, run.ns["history"]


def check(run):
    serving = defined(run, "serving")
    if not isinstance(serving, dict):
        fail(f"Keep serving as the dict it was, {{'model': 'churn', 'version': 1}}; found {short(serving)}.")
    defined(run, "history")
    defined(run, "deploy")
    defined(run, "rollback")
    served, history = story(run, 2)
    if history and history[-1] is run.ns["serving"]:
        fail(
            "history holds the serving dict itself, and that dict changes with every deploy, so "
            "history can never say which version came before. Record its version number, the "
            "int: history.append(serving['version'])"
        )
    if history == [2]:
        fail(
            "After deploy(2), history holds 2, the new version, instead of 1, the one it replaced, "
            "so rollback() brings back the version it should roll back from. Record the old "
            f"version before you overwrite it: {FIX}",
            WHY,
        )
    served, history = story(run, 2, "back")
    if served[-1] != 1:
        not_yet("rollback() after deploy(2) to serve version 1 again", f"version {short(served[-1])}")
    served, history = story(run, 2, 4, "back")
    if served[-1] == 3:
        fail(
            "After deploy(2) and deploy(4), rollback() went to version 3, which never served: the "
            "version before is not always the number minus one (a version that fails its checks is "
            "never deployed). Take it from the history: history.pop()"
        )
    if served[-1] == 1:
        fail(
            "After deploy(2) and deploy(4), rollback() went back to version 1, the oldest in the "
            "history, not 2, the one served just before: pop(0) takes the first item, pop() the last, "
            "the newest."
        )
    if served[-1] != 2:
        not_yet("deploy(2), deploy(4), rollback() to serve version 2", f"version {short(served[-1])}")
    served, history = story(run, 2, 3, "back", "back")
    if served[-1] != 1:
        fail(
            f"After deploy(2), deploy(3) and two rollbacks, version {short(served[-1])} is serving: the "
            "second rollback should go back one more version, to 1. Take the version out of the "
            "history with pop(), so that the next rollback finds the one before it."
        )


def empty_history():
    fail(
        "rollback() found the history empty: deploy() must record the version it replaces before "
        f"it sets the new one: {FIX}"
    )


def errors(run):
    if isinstance(run.error, IndexError) and "pop" in str(run.error):
        empty_history()
