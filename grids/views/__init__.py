"""Pages of the grids app, one module per concept."""
