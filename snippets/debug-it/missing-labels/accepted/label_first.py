from retrain_lab import Column, Schema, validate

# The serving API checks each request's columns: the model's features.
FEATURES = [
    Column("tenure_months", int, minimum=0, maximum=600),
    Column("monthly_spend", float, minimum=0),
]
# Training rows also carry the label: churned is 1 (the customer left)
# or 0 (stayed).
LABEL = Column("churned", int, minimum=0, maximum=1)
TRAINING_SCHEMA = Schema([LABEL] + FEATURES)


def gate(batch):
    """True if the batch may train the next model; prints each problem."""
    report = validate(batch, TRAINING_SCHEMA, allow_extra_columns=True)
    for reason in report.reasons:
        print("  -", reason)
    return report.ok


batch = [
    {"tenure_months": 12, "monthly_spend": 30.5, "churned": 0},
    {"tenure_months": 40, "monthly_spend": 72.0, "churned": None},
    {"tenure_months": 3, "monthly_spend": 15.0, "churned": 1},
    {"tenure_months": 25, "monthly_spend": 55.9, "churned": None},
    {"tenure_months": 7, "monthly_spend": 20.0, "churned": 1},
]
if gate(batch):
    print(f"gate open: training on {len(batch)} rows")
else:
    print("gate closed: no training, a person is alerted")
