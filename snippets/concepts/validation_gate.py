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
training = make_rows(500)
# What "normal" looked like in the training data:
reference = reference_stats(training, ["age", "spend"])

good = make_rows(200)
print(validate(good, schema, reference))
#> PASS: 200 rows, no problems

bad = make_rows(200, spend_mean=58.0)  # spending rose: a value shift
bad[3]["age"] = "41"  # a string slipped in
bad[17]["age"] = 7  # impossible for a customer
for row in bad[:10]:
    row["spend"] = None  # 10 of 200 missing = 5%
for row in bad:
    row["region"] = row.pop("plan")  # an upstream rename

report = validate(bad, schema, reference)
print(report)
'''
REJECT: 200 rows, 6 problem(s)
  - missing required column 'plan'
  - unexpected column 'region' (not in schema)
  - column 'age': 1 of 200 values are not int (first at row 3: '41')
  - column 'age': 1 of 200 values outside [18, 110] (first at row 17: 7)
  - column 'spend': 10 of 200 values missing (5.0%, limit 2.0%)
  - column 'spend': mean 58.71 vs reference 50.84 (z = 11.2, limit 3)
'''
print("train on it?", report.ok)
#> train on it? False
