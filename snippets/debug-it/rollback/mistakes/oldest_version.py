# The version of the churn model that gets live traffic,
# and the versions served before it, newest last.
serving = {"model": "churn", "version": 1}
history = []


def deploy(version):
    history.append(serving["version"])
    serving["version"] = version


def rollback():
    serving["version"] = history.pop(0)


deploy(2)  # Tuesday's retrain
deploy(3)  # Wednesday's retrain: live errors after promotion, roll back
rollback()
print("serving version", serving["version"])
print("history", history)
#> After deploy(2) and deploy(4), rollback() went back to version 1, the oldest in the history, not 2, the one served just before: pop(0) takes the first item, pop() the last, the newest.
