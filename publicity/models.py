"""Models of the publicity app arrive with its own issue."""
