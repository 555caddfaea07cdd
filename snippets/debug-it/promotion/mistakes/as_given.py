from retrain_lab import Registry


def promote(registry, challenger):
    """Point the 'champion' alias at the challenger if it is better."""
    champion = registry.alias("churn", "champion")
    if challenger.version > champion.version:
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
#> promote() compares version numbers, and a retrained model always has the higher one, so v2 was promoted at 874/1000 against the champion's 912/1000. A version says which model is newer, not which is better: compare their scores, challenger.score > champion.score
#> In production a check like this ships every retrain, good or bad: one night of bad data and the worse model serves every customer until someone notices.
