"""Structural writes to an area tree are serialised, one lock per tree.

django-mptt renumbers lft/rght with several UPDATEs per write; two writers on the same
tree interleave and corrupt it (its README says so). PostgreSQL: a transaction-scoped
advisory lock per tree, as NetBox's MPTTLockedMixin and Saleor do. The SQLite demo opens
every transaction with BEGIN IMMEDIATE (see settings), which already makes writers queue
for the whole database, so no extra lock is needed there.
"""

from collections.abc import Iterable

from django.db import connection

# First key of pg_advisory_xact_lock(int, int); the second is the tree id (0: a new tree).
TREE_LOCK_NAMESPACE = 0x4446  # "DF"
NEW_TREE = 0


def lock_trees(tree_ids: Iterable[int]) -> None:
    """Take each tree's lock until the current transaction ends.

    Ids are locked in ascending order, so two writers touching the same trees cannot
    deadlock on each other.
    """
    if not connection.in_atomic_block:
        raise RuntimeError("lock_trees() must run inside a transaction")
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for tree_id in sorted(set(tree_ids)):
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [TREE_LOCK_NAMESPACE, tree_id])
