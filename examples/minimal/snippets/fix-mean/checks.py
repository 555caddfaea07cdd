"""The tiny course's exercise: the average must divide by how many scores there are."""

from kmf_site.exercise.checks import defined, fail, rerun, same

NAMES = ("scores", "average")


def check(run):
    defined(run, "average", "Keep the name average for the result.")
    other = rerun(run, {"scores": lambda scores: [0.5, 0.7, 0.9, 0.3]})
    if not same(other.values.get("average"), 0.6):
        fail(
            "With four scores the average should be 0.60, but your program gives "
            f"{other.values.get('average')!r}: divide by len(scores), not by a fixed number.",
        )
