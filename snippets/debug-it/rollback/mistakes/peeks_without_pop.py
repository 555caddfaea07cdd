# The version of the churn model that gets live traffic,
# and the versions served before it, newest last.
serving = {"model": "churn", "version": 1}
history = []


def deploy(version):
    history.append(serving["version"])
    serving["version"] = version


def rollback():
    serving["version"] = history[-1]


deploy(2)  # Tuesday's retrain
deploy(3)  # Wednesday's retrain: live errors after promotion, roll back
rollback()
print("serving version", serving["version"])
print("history", history)
#> After deploy(2), deploy(3) and two rollbacks, version 2 is serving: the second rollback should go back one more version, to 1. Take the version out of the history with pop(), so that the next rollback finds the one before it.
