import random

from retrain_lab import Column, Schema, reference_stats, validate

rng = random.Random(42)


def make_rows(n, spend_mean=50.0):
    return [
        {
            "age": rng.randint(18, 80),
            "spend": round(rng.gauss(spend_mean, 10.0), 2),
            "plan": rng.choice(["basic", "plus"]),
        }
        for _ in range(n)
    ]


schema = Schema(
    [
        Column("age", int, minimum=18, maximum=110),
        Column("spend", float, minimum=0, max_null_rate=0.02),
        Column("plan", str),
    ]
)
reference = reference_stats(make_rows(2000), ["age", "spend"])

renamed = make_rows(500)
for row in renamed:
    row["region"] = row.pop("plan")
# Each data finding the question offers, as a batch for the gate. (A
# fall in accuracy is no finding about a batch: the gate never sees it.)
findings = {
    "Average monthly spend rose from 50 to 58 euros": make_rows(500, 58.0),
    "The column `plan` is missing": renamed,
    "On 50,000 rows, a z-test calls a 30-cent rise": make_rows(50_000, 50.3),
}
for finding, batch in findings.items():
    if not validate(batch, schema, reference).ok:
        print(finding)
