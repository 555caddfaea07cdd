# The version of the churn model that gets live traffic,
# and the versions served before it, newest last.
serving = {"model": "churn", "version": 1}
history = []


def deploy(version):
    serving["version"] = version


def rollback():
    serving["version"] = history.pop()


deploy(2)  # Tuesday's retrain
deploy(3)  # Wednesday's retrain: live errors after promotion, roll back
rollback()
print("serving version", serving["version"])
print("history", history)
#> rollback() found the history empty: deploy() must record the version it replaces before it sets the new one: history.append(serving['version']) first, then serving['version'] = version
