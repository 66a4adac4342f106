"""Every state change of the disputes app, one module per concept (mirrors disputes/models/)."""
