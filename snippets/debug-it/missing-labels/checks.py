"""Debug it: a validation gate that lets missing labels through (docs/debug-it.md, #missing-labels).

The check feeds the program's own gate() other batches: labels missing in some rows, a batch with
no label column at all, and a clean batch, which must still get through.
"""

import ast
import contextlib
import io

from kmf_site.exercise.checks import cut, defined, fail, short

NAMES = ("Column", "Schema", "validate", "FEATURES", "TRAINING_SCHEMA", "gate", "batch", "report")
FIX = "Column('churned', int, minimum=0, maximum=1)"


def row(tenure, spend, churned="absent"):
    found = {"tenure_months": tenure, "monthly_spend": spend}
    if churned != "absent":
        found["churned"] = churned
    return found


LABELLED = [row(12, 30.5, 0), row(40, 72.0, 1), row(3, 15.0, 1), row(25, 55.9, 0), row(7, 20.0, 1)]
TWO_MISSING = [row(12, 30.5, 0), row(40, 72.0, None), row(3, 15.0, 1), row(25, 55.9, None), row(7, 20.0, 1)]
ONE_MISSING = [*LABELLED[:4], row(7, 20.0, None)]
NO_LABELS = [row(12, 30.5), row(40, 72.0), row(3, 15.0)]


def through(run, batch):
    """(whether the program's gate lets ``batch`` through, what it printed)."""
    printed = io.StringIO()
    try:
        with contextlib.redirect_stdout(printed):
            verdict = run.ns["gate"]([dict(r) for r in batch])
    except Exception as error:
        fail(f"gate() stopped with {type(error).__name__} ({short(str(error))}) on a batch of {len(batch)} rows.")
    if not isinstance(verdict, bool):
        fail(f"gate() should return True (train) or False (stop); it returned {short(verdict)}.")
    return verdict, printed.getvalue()


def drops_unlabelled_rows(run):
    """Whether the program filters rows on their label outside gate() (a list comprehension)."""
    return any(
        isinstance(node, ast.ListComp) and "churned" in ast.dump(node)
        for statement in run.tree.body
        if not isinstance(statement, ast.FunctionDef)
        for node in ast.walk(statement)
    )


def check(run):
    defined(run, "gate")
    schema = defined(run, "TRAINING_SCHEMA")
    has_label = "churned" in getattr(schema, "names", ())
    if through(run, TWO_MISSING)[0]:
        if drops_unlabelled_rows(run):
            fail(
                "Dropping the unlabelled rows before the gate hides the problem instead of catching "
                "it: 2 labels missing in 5 means the labelling job is broken, and a person should "
                f"know. The gate itself must stop such a batch: add the label to TRAINING_SCHEMA, {FIX}"
            )
        if has_label:
            fail(
                "The schema has churned now, but its null limit still lets through a batch where 2 of "
                "5 labels are missing. A row without its label cannot teach the model anything: keep "
                "the label's limit at 0, the default (leave out max_null_rate)."
            )
        fail(
            "The gate let through a batch where 2 of 5 rows have no churned label. TRAINING_SCHEMA "
            "checks only the features, and allow_extra_columns=True waves the label column through "
            f"unchecked. Add the label to the training schema: {FIX}",
            "Serving requests have no label, training rows must have one. A trainer given this batch "
            "drops the unlabelled rows or fills them with a default such as 0, which says 'stayed': "
            "either way the next model learns from data nobody checked.",
        )
    opened, said = through(run, LABELLED)
    if not opened:
        reason = cut(said.strip().lstrip("- ")) or "none printed"
        if has_label:
            fail(
                f"TRAINING_SCHEMA declares churned now, but the gate stops a batch whose every row has "
                f"its label, 0 or 1, for this reason: {reason}. It would stop every training batch: "
                f"declare the label as the rows hold it, an int from 0 to 1: {FIX}"
            )
        fail(
            f"Now the gate stops a batch whose every row has its label, for this reason: {reason}. "
            "It would stop every training batch. Declare the label in the training schema instead: "
            f"{FIX}"
        )
    if through(run, NO_LABELS)[0]:
        fail(
            "A batch with no churned column at all gets through: the label is not required. Leave out "
            f"required=False: {FIX}"
        )
    if through(run, ONE_MISSING)[0]:
        fail(
            "A batch with one label missing in five (20%) still gets through. A row without its label "
            "cannot teach the model anything: keep the label's null limit at 0, the default "
            "(leave out max_null_rate)."
        )
