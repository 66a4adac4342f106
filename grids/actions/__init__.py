"""Every state change of the grids app beyond a plain form save, one module per concept."""
