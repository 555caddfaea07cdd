model_info = {"version": 1, "accuracy": 0.75}
weekly_batches = [
    {"rows": 500, "challenger_accuracy": 0.81},
    {"rows": 0, "challenger_accuracy": None},
    {"rows": 450, "challenger_accuracy": 0.78},
]


def retrain(info, batch):
    if batch["rows"] == 0:
        return info  # no new data this week: keep the model
    if batch["challenger_accuracy"] <= info["accuracy"]:
        return info  # the challenger is not better: keep the champion
    return {"version": info["version"] + 1, "accuracy": batch["challenger_accuracy"]}


for week, batch in enumerate(weekly_batches, start=1):
    model_info = retrain(model_info, batch)
    print(f"week {week}: version {model_info['version']}, accuracy {model_info['accuracy']}")
    #> week 1: version 2, accuracy 0.81
    #> week 2: version 2, accuracy 0.81
    #> week 3: version 2, accuracy 0.81
