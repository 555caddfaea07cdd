"""MkDocs hook for the quiz widgets (placeholder until its issue lands)."""
