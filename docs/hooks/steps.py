"""MkDocs hook for the steps widgets (placeholder until its issue lands)."""
