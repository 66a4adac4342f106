"""Models of the disputes app arrive with its own issue."""
