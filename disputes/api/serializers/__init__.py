"""Serializers of the disputes API, one module per concept. They parse and check input;
writes of state go through disputes.actions."""
