"""The disputes API: scoped resources whose state changes are POSTs calling disputes.actions."""
