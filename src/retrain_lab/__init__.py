"""Pure-Python helpers for the Keep Models Fresh lessons."""
__version__ = "0.1.0"
