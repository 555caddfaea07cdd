MIN_GAIN = 0.02
accuracy = {1: 0.92}  # version -> accuracy on the same holdout set
champion = 1
earlier = []  # champions that were replaced, newest last


def register(score):
    version = max(accuracy) + 1
    accuracy[version] = score
    return version


def promote_if_better(version):
    global champion
    if accuracy[version] - accuracy[champion] >= MIN_GAIN:
        earlier.append(champion)
        champion = version


def rollback():
    global champion
    champion = earlier.pop()


promote_if_better(register(0.94))
promote_if_better(register(0.96))
rollback()
print(f"champion: v{champion}")
