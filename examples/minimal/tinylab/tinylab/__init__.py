"""The tiny course's helper: an average that says what it averaged."""

__version__ = "0.1.0"


def mean(values):
    """The arithmetic mean of ``values`` (a non-empty list of numbers)."""
    if not values:
        raise ValueError("mean() needs at least one value")
    return sum(values) / len(values)
