# The version of the churn model that gets live traffic,
# and the versions served before it, newest last.
serving = {"model": "churn", "version": 1}
history = []


def deploy(version):
    serving["version"] = version
    history.append(serving["version"])


def rollback():
    serving["version"] = history.pop()


deploy(2)  # Tuesday's retrain
deploy(3)  # Wednesday's retrain: live errors after promotion, roll back
rollback()
print("serving version", serving["version"])
print("history", history)
#> After deploy(2), history holds 2, the new version, instead of 1, the one it replaced, so rollback() brings back the version it should roll back from. Record the old version before you overwrite it: history.append(serving['version']) first, then serving['version'] = version
#> A rollback is the emergency exit: when a new model misbehaves, it must bring back the last good version at once. This one leaves the bad model serving, and the good version is gone from the history.
