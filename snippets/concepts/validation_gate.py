import random

from retrain_lab import Column, Schema, mean_shift_z, psi, reference_stats, validate

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
drift (advisory, never blocks):
  - column 'spend': PSI 0.53, KS 0.27: major shift -> retrain on the new data, alert a person
'''

print("3. Broken data: stop, whatever the distributions say")
#> 3. Broken data: stop, whatever the distributions say
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
drift (advisory, never blocks):
  - column 'spend': PSI 0.56, KS 0.31: major shift -> retrain on the new data, alert a person
'''
print("train on it?", report.ok)
#> train on it? False

print("4. Why an effect size, not a z-test: 30 cents more, 50,000 rows")
#> 4. Why an effect size, not a z-test: 30 cents more, 50,000 rows
spend = [row["spend"] for row in make_rows(50_000, reference["spend"].mean + 0.3)]
z = mean_shift_z(reference["spend"], spend)
print(f"z = {z:.1f}; a z-test with |z| > 3 would block: {abs(z) > 3}")
#> z = 10.2; a z-test with |z| > 3 would block: True
shift = psi(reference["spend"].values, spend)
print(f"PSI = {shift:.3f}; a real change (PSI >= 0.1): {shift >= 0.1}")
#> PSI = 0.008; a real change (PSI >= 0.1): False
