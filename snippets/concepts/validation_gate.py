import random

from retrain_lab import Column, Schema, reference_stats, validate

rng = random.Random(42)


def make_rows(n, spend_mean=50.0):
    """Customers as dicts: age, monthly spend in euros, plan."""
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
training = make_rows(2000)
# What "normal" looked like in the training data:
reference = reference_stats(training, ["age", "spend"])

print("1. A normal week")
#> 1. A normal week
print(validate(make_rows(500), schema, reference))
#> PASS: 500 rows, no problems

print("2. Customers spend more: the data changed, nothing is broken")
#> 2. Customers spend more: the data changed, nothing is broken
richer = make_rows(500, spend_mean=58.0)
print(validate(richer, schema, reference))
'''
PASS: 500 rows, no blocking problems
drift:
  - column 'spend': PSI 0.53, KS 0.27: major shift -> retrain on the new data, alert a person
'''

print("3. Spend arrives in cents: a pipeline bug, not a new world")
#> 3. Spend arrives in cents: a pipeline bug, not a new world
cents = make_rows(500)
for row in cents:
    row["spend"] = round(row["spend"] * 100)
print(validate(cents, schema, reference))
'''
HOLD: 500 rows, implausible shift in 'spend'; do not train, alert a person
  (sudden extreme drift is usually a pipeline bug: a unit change, a broken join)
drift:
  - column 'spend': PSI 8.28, KS 1.00 (no overlap with the training values; median 99x the training median): implausible shift -> hold: do not train, alert a person (likely a pipeline bug)
'''

print("4. Broken data: stop, whatever the distributions say")
#> 4. Broken data: stop, whatever the distributions say
bad = make_rows(500, spend_mean=58.0)
bad[3]["age"] = "41"  # a string slipped in
bad[17]["age"] = 7  # impossible for a customer
for row in bad[:25]:
    row["spend"] = None  # 25 of 500 missing = 5%
for row in bad:
    row["region"] = row.pop("plan")  # an upstream rename
report = validate(bad, schema, reference)
print(report)
'''
STOP: 500 rows, 5 blocking problem(s); do not train, alert a person
  - missing required column 'plan'
  - unexpected column 'region' (not in schema)
  - column 'age': 1 of 500 values are not int (first at row 3: '41')
  - column 'age': 1 of 500 values outside [18, 110] (first at row 17: 7)
  - column 'spend': 25 of 500 values missing (5.0%, limit 2.0%)
drift:
  - column 'spend': PSI 0.68, KS 0.36: major shift -> retrain on the new data, alert a person
'''
print("train on it?", report.ok)
#> train on it? False
