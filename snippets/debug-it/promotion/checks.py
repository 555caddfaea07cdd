"""Debug it: a promotion that deploys a worse challenger (docs/debug-it.md, #promotion).

The check calls the program's own promote() on fresh registries (made with the program's own
Registry class): a worse challenger must stay out, a better one must be promoted, and a tie keeps
the champion (promote only if strictly better).
"""

import ast
import contextlib
import io

from kmf_site.exercise.checks import defined, fail, mentions, short

NAMES = ("Registry", "promote", "registry", "champion", "challenger", "v1", "v2")
FIX = "challenger.score > champion.score"
WHY = (
    "In production a check like this ships every retrain, good or bad: one night of bad data "
    "and the worse model serves every customer until someone notices."
)


def attempt(run, old, new):
    """Champion at old/1000, challenger at new/1000: (what promote returned, whether v2 serves)."""
    registry = run.ns["Registry"]()
    registry.register("churn", correct=old, n=1000)
    registry.set_alias("churn", "champion", 1)
    challenger = registry.register("churn", correct=new, n=1000)
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            returned = run.ns["promote"](registry, challenger)
    except Exception as error:
        fail(
            f"promote() stopped with {type(error).__name__} ({short(str(error))}) when the challenger "
            f"scored {new}/1000 and the champion {old}/1000."
        )
    return returned, registry.alias("churn", "champion").version == 2


def the_function(run):
    for node in ast.walk(run.tree):
        if isinstance(node, ast.FunctionDef) and node.name == "promote":
            return node
    return ast.Module(body=[], type_ignores=[])


def compares_versions(node):
    return any(
        isinstance(n, ast.Compare) and any(isinstance(a, ast.Attribute) and a.attr == "version" for a in ast.walk(n))
        for n in ast.walk(node)
    )


CASES = {
    "worse": (912, 874),
    "better": (912, 931),
    "worse, both high": (950, 900),
    "better, both low": (700, 750),
    "a tie": (912, 912),
}
# promote only if strictly better: a tie keeps the champion (the same rule as step 5 and Trace it)
RIGHT = {"worse": False, "better": True, "worse, both high": False, "better, both low": True, "a tie": False}


def check(run):
    defined(run, "promote")
    defined(run, "Registry", "Keep the first line: from retrain_lab import Registry")
    results = {case: attempt(run, *scores) for case, scores in CASES.items()}
    promoted = {case: result[1] for case, result in results.items()}
    function = the_function(run)
    if all(promoted.values()):
        if compares_versions(function):
            fail(
                "promote() compares version numbers, and a retrained model always has the higher "
                "one, so v2 was promoted at 874/1000 against the champion's 912/1000. A version "
                f"says which model is newer, not which is better: compare their scores, {FIX}",
                WHY,
            )
        fail(
            f"promote() promotes every challenger, even one at 874/1000 against 912/1000: compare the scores, {FIX}",
            WHY,
        )
    if all(promoted[case] is not right for case, right in RIGHT.items() if case != "a tie"):
        fail(
            "The comparison is the wrong way round: promote() serves a challenger at 874/1000 over a "
            f"champion at 912/1000, and keeps out one at 931/1000. Promote when the challenger is greater: {FIX}"
        )
    if not any(promoted.values()):
        never_promotes(function)
    if promoted != RIGHT and [case for case in CASES if promoted[case] != RIGHT[case]] == ["a tie"]:
        fail(
            "promote() promoted a challenger that only ties the champion, 912/1000 against 912/1000. "
            "A tie is no reason to swap models: promote only if the challenger is strictly better, "
            f"{FIX}"
        )
    if promoted != RIGHT:
        wrong = next(case for case in CASES if promoted[case] != RIGHT[case])
        old, new = CASES[wrong]
        did = "promoted" if promoted[wrong] else "kept out"
        fail(
            f"promote() does not compare the two models: it {did} a challenger at {new}/1000 against a "
            f"champion at {old}/1000. Compare with the champion's score, not a fixed number: {FIX}"
        )
    for returned, served in results.values():
        if returned is not served:
            what = "promoted the challenger" if served else "kept the champion"
            fail(f"promote() {what} but returned {short(returned)}: return True when it promotes, False if not.")


def never_promotes(function):
    if any(
        isinstance(n, ast.Assign)
        and any(isinstance(t, ast.Name) and t.id == "champion" for t in n.targets)
        and mentions(n.value, "challenger")
        for n in ast.walk(function)
    ):
        fail(
            "champion = challenger only changes a variable inside promote(); the serving code "
            "reads the registry's alias. Move the alias: registry.set_alias('churn', 'champion', "
            "challenger.version)"
        )
    if compares_versions(function):
        fail(
            "promote() never promotes now, not even a challenger at 931/1000 against 912/1000: "
            f"a new version always has the higher number. Compare the scores, not the versions: {FIX}"
        )
    fail(
        "promote() kept out a challenger at 931/1000 against a champion at 912/1000. When the "
        "challenger is better, point the alias at it: registry.set_alias('churn', 'champion', challenger.version)"
    )


def errors(run):
    error = run.error
    text = str(error)
    if isinstance(error, TypeError) and "ModelVersion" in text and ("<" in text or ">" in text):
        fail(
            "Python cannot compare two model versions as a whole (TypeError). Compare their scores, "
            f"which are numbers: {FIX}"
        )
    if isinstance(error, AttributeError) and "ModelVersion" in text:
        fail(
            f"{text}. A registered version has .score (exact) and .accuracy (a float) to compare, "
            f".correct and .n (the counts) and .version (its number): {FIX}"
        )
