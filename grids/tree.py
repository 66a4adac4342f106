"""Checking and repairing the nested-set numbers of the area tree."""

from collections import defaultdict

from django.db import transaction

from grids.choices import AREA_DEPTH
from grids.locks import NEW_TREE, lock_trees
from grids.models import Area


def find_tree_problems() -> list[str]:
    """Every inconsistency of lft/rght/level/tree_id against the parent links; [] when sound."""
    rows = list(
        Area.objects.order_by().values_list(
            "pk", "code", "parent_id", "tree_id", "lft", "rght", "level", "kind"
        )
    )
    by_pk = {row[0]: row for row in rows}
    trees: dict[int, list[tuple]] = defaultdict(list)
    problems: list[str] = []
    for row in rows:
        pk, code, parent_id, tree_id, lft, rght, level, kind = row
        trees[tree_id].append(row)
        if lft >= rght:
            problems.append(f"{code}: lft {lft} is not below rght {rght}")
        if AREA_DEPTH.get(kind) != level:
            problems.append(f"{code}: a {kind} at level {level}")
        if parent_id is None:
            if level != 0 or lft != 1:
                problems.append(f"{code}: a root at level {level} with lft {lft}")
            continue
        parent = by_pk.get(parent_id)
        if parent is None:
            problems.append(f"{code}: parent {parent_id} is missing")
            continue
        _, _, _, p_tree, p_lft, p_rght, p_level, _ = parent
        if p_tree != tree_id:
            problems.append(f"{code}: in tree {tree_id}, its parent in tree {p_tree}")
        if not (p_lft < lft and rght < p_rght):
            problems.append(
                f"{code}: [{lft}, {rght}] is not inside its parent's [{p_lft}, {p_rght}]"
            )
        if level != p_level + 1:
            problems.append(f"{code}: level {level} under a parent at level {p_level}")
    for tree_id, nodes in trees.items():
        roots = [row for row in nodes if row[2] is None]
        if len(roots) != 1:
            problems.append(f"tree {tree_id}: {len(roots)} roots")
        edges = sorted([row[4] for row in nodes] + [row[5] for row in nodes])
        if edges != list(range(1, 2 * len(nodes) + 1)):
            problems.append(f"tree {tree_id}: lft/rght are not exactly 1..{2 * len(nodes)}")
    return problems


@transaction.atomic
def repair_trees() -> None:
    """Renumber every tree from the parent links (the parent links are the truth)."""
    tree_ids = set(Area.objects.values_list("tree_id", flat=True).distinct())
    lock_trees(tree_ids | {NEW_TREE})
    Area.objects.rebuild()
