"""Debug it: a performance trigger that compares a window with itself (docs/debug-it.md, #drift-window).

The check recomputes the drop from the program's own weeks and model: launch week (weeks[1])
against the newest labelled week (weeks[-1]), compared as the program prints it (2 decimals); then
it runs the whole program again with a drop of 0.01 and one of 0.10 to see that the decision
follows the drop and MAX_DROP.
"""

from kmf_site.exercise.checks import defined, fail, not_yet, printed, rerun, same, short

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
RETRAIN = "accuracy fell: retrain the model"
KEEP = "accuracy holds: keep serving"
DECISIONS = (RETRAIN, KEEP)


def check(run):
    weeks, model = defined(run, "weeks"), defined(run, "model")
    drop = defined(run, "drop")
    accuracy = model.accuracy
    launch, latest = accuracy(weeks[1]), accuracy(weeks[-1])
    right = launch - latest
    if not isinstance(drop, (int, float)) or isinstance(drop, bool):
        not_yet(f"drop to be a number, the launch week's accuracy minus the newest week's ({right:.2f})", short(drop))
    if not same(drop, right):  # as the program prints it, to 2 decimals
        wrong_windows(run, drop, weeks, accuracy, launch, latest, right)
    the_decision_follows_the_drop(run, right)


def wrong_windows(run, drop, weeks, accuracy, launch, latest, right):
    if same(drop, 0):
        if decides(run, 0.0)[0] is True:
            fail(
                "retrain now says yes to a drop of 0.00: with drop < MAX_DROP the script would retrain "
                "when nothing changed and never when accuracy falls. Keep drop > MAX_DROP; the bug is in "
                f"the windows: a week compared with itself never drops. drop = {FIX}"
            )
        fail(
            "The trigger compares a week with itself, so the drop is 0.00 whatever the model does. "
            f"Compare the launch week with the newest labelled week: drop = {FIX}",
            f"A trigger that cannot fire is worse than none: the trigger says 'accuracy holds' while accuracy "
            f"falls from {launch:.2f} to {latest:.2f} in six weeks, and nobody retrains.",
        )
    if same(drop, -right):
        fail(
            f"The windows are the wrong way round: the drop comes out as {drop:.2f}, a gain, so the "
            f"trigger never fires. The earlier window goes first: drop = {FIX}"
        )
    if same(drop, accuracy(weeks[0]) - latest):
        fail(
            "weeks[0] is the data the model was trained on, not a week it served. Its accuracy there "
            "says how well it learned, not how it did in production: the reference is weeks[1], the "
            f"launch week. drop = {FIX}"
        )
    if same(drop, launch - accuracy(weeks[-2])):
        fail(
            "weeks[-2] is the week before the newest: the trigger should look at the latest labels "
            f"there are, weeks[-1]. drop = {FIX}"
        )
    not_yet(
        f"drop to be the launch week's accuracy minus the newest week's, {right:.2f}",
        f"{drop:.2f}" if isinstance(drop, float) else short(drop),
    )


def decides(run, drop):
    """The program run again, whole, with its drop replaced by ``drop`` the moment it computes
    it: (its retrain value, or None if it has none; the decision it printed, or None)."""
    sit = rerun(run, {"drop": lambda value: drop})
    if sit.error is not None or "drop" not in sit.replaced:
        return None, None
    lines = [line.strip() for line in sit.stdout.splitlines()]
    said = next((line for line in reversed(lines) if line in DECISIONS), None)
    return sit.value("retrain"), said


def the_decision_follows_the_drop(run, right):
    said = [line.strip() for line in printed(run).splitlines() if line.strip() in DECISIONS]
    if "retrain" in run.ns and run.ns["retrain"] is not True or said[-1:] != [RETRAIN]:
        found = (
            f"retrain is {short(run.ns.get('retrain'))}"
            if "retrain" in run.ns
            else f"it printed {short(said[-1]) if said else 'no decision'}"
        )
        fail(
            f"The drop is {right:.2f}, more than MAX_DROP (0.05), but {found}. The program should decide "
            f"from the drop and end by printing its decision, {RETRAIN}: keep retrain = drop > MAX_DROP"
        )
    retrain, decision = decides(run, 0.01)
    if retrain is True or decision == RETRAIN:
        fail(
            "retrain must follow from the drop, not be set by hand: the check ran your program with a "
            f"drop of 0.01, no reason to retrain, and it decided {short(decision or retrain)}. Keep the "
            "rule retrain = drop > MAX_DROP"
        )
    retrain, decision_at_10 = decides(run, 0.10)
    if decision_at_10 != RETRAIN:
        fail(
            "A drop of 0.10 is more than MAX_DROP (0.05), yet the check ran your program with that "
            f"drop and it printed {short(decision_at_10) if decision_at_10 else 'no decision'}. Compare "
            "the drop with MAX_DROP, not another number: retrain = drop > MAX_DROP"
        )
    if decision != KEEP:
        fail(
            f"With a drop of 0.01 the program should print {KEEP}; the check ran it with that drop "
            f"and it printed {short(decision) if decision else 'no decision'}. Keep the rule "
            "retrain = drop > MAX_DROP"
        )


def errors(run):
    error = run.error
    if isinstance(error, AttributeError) and "'list' object" in str(error):
        fail(
            "weeks is the list of every week; a window here is one week, like weeks[1] or weeks[-1] "
            f"(the names reference and newest hold them): drop = {FIX}"
        )
