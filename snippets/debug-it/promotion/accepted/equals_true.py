from retrain_lab import Registry


def promote(registry, challenger):
    """Point the 'champion' alias at the challenger if it is better."""
    champion = registry.alias("churn", "champion")
    if (challenger.score > champion.score) == True:
        registry.set_alias("churn", "champion", challenger.version)
        return True
    return False


# Both versions were scored on the same 1,000 held-out customers.
registry = Registry()
v1 = registry.register("churn", correct=912, n=1000)
registry.set_alias("churn", "champion", v1.version)
v2 = registry.register("churn", correct=874, n=1000)  # last night's

print("challenger:", v2)
print("promoted:", promote(registry, v2))
print("serving:", registry.alias("churn", "champion"))
