"""Models of the patrols app arrive with its own issue."""
