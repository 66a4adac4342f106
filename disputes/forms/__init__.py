"""Forms of the disputes app, one module per concept."""
