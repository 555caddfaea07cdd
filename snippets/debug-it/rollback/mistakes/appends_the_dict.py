# The version of the churn model that gets live traffic,
# and the versions served before it, newest last.
serving = {"model": "churn", "version": 1}
history = []


def deploy(version):
    history.append(serving)
    serving["version"] = version


def rollback():
    serving["version"] = history.pop()


deploy(2)  # Tuesday's retrain
deploy(3)  # Wednesday's retrain: live errors after promotion, roll back
rollback()
print("serving version", serving["version"])
print("history", history)
#> history holds the serving dict itself, and that dict changes with every deploy, so history can never say which version came before. Record its version number, the int: history.append(serving['version'])
