"""Debug it: a drift trigger that compares a window with itself (docs/debug-it.md, #drift-window).

The check recomputes the drop from the program's own weeks and model: launch week (weeks[1])
against the newest labelled week (weeks[-1]), and runs the program's retrain line on other drops.
"""

import ast

from kmf_site.exercise.checks import defined, fail, mentions, not_yet, printed, short, statements, trial

NAMES = (
    "weeks",
    "model",
    "MAX_DROP",
    "reference",
    "newest",
    "accuracy_drop",
    "drop",
    "retrain",
    "make_stream",
    "train",
)
FIX = "accuracy_drop(model, reference, newest)"


def check(run):
    weeks, model = defined(run, "weeks"), defined(run, "model")
    drop = defined(run, "drop")
    accuracy = model.accuracy
    launch, latest = accuracy(weeks[1]), accuracy(weeks[-1])
    right = launch - latest
    if drop == 0:
        if retrains_on(run, 0.0):
            fail(
                "retrain now says yes to a drop of 0.00: with drop < MAX_DROP the script would retrain "
                "when nothing changed and never when accuracy falls. Keep drop > MAX_DROP; the bug is in "
                f"the windows: a week compared with itself never drops. drop = {FIX}"
            )
        fail(
            "The trigger compares a week with itself, so the drop is 0.00 whatever the model does. "
            f"Compare the launch week with the newest labelled week: drop = {FIX}",
            f"A trigger that cannot fire is worse than none: the check says 'no drift' while accuracy "
            f"falls from {launch:.2f} to {latest:.2f} in six weeks, and nobody retrains.",
        )
    if drop == -right:
        fail(
            f"The windows are the wrong way round: the drop comes out as {drop:.2f}, a gain, so the "
            f"trigger never fires. The earlier window goes first: drop = {FIX}"
        )
    if drop == accuracy(weeks[0]) - latest:
        fail(
            "weeks[0] is the data the model was trained on, not a week it served. Its accuracy there "
            "says how well it learned, not how it did in production: the reference is weeks[1], the "
            f"launch week. drop = {FIX}"
        )
    if drop == launch - accuracy(weeks[-2]):
        fail(
            "weeks[-2] is the week before the newest: the trigger should look at the latest labels "
            f"there are, weeks[-1]. drop = {FIX}"
        )
    if drop != right:
        not_yet(f"drop to be the launch week's accuracy minus the newest week's, {right:.2f}", short(drop))
    the_retrain_line_decides(run, right)
    if "drift: retrain the model" not in printed(run):
        fail("The program should end by printing its decision: drift: retrain the model")


def retrain_lines(run):
    return [
        node
        for node in statements(run, ast.Assign)
        if any(isinstance(target, ast.Name) and target.id == "retrain" for target in node.targets)
    ]


def retrains_on(run, drop):
    """Whether the program's last retrain = ... line says yes to ``drop`` (None if it cannot run)."""
    lines = retrain_lines(run)
    scope = trial(lines[-1], drop=drop, MAX_DROP=0.05) if lines else None
    return scope.get("retrain") if scope else None


def the_retrain_line_decides(run, right):
    if defined(run, "retrain") is not True:
        fail(
            f"retrain is {short(run.ns['retrain'])}, but a drop of {right:.2f} is more than MAX_DROP (0.05): "
            "keep the rule retrain = drop > MAX_DROP"
        )
    lines = retrain_lines(run)
    if not lines or not mentions(lines[-1].value, "drop") or retrains_on(run, 0.01) is not False:
        fail(
            "retrain must follow from the drop, not be set by hand: a drop of 0.01 is no reason to "
            "retrain. Keep the rule retrain = drop > MAX_DROP"
        )


def errors(run):
    error = run.error
    if isinstance(error, AttributeError) and "'list' object" in str(error):
        fail(
            "weeks is the list of every week; a window here is one week, like weeks[1] or weeks[-1] "
            f"(the names reference and newest hold them): drop = {FIX}"
        )
