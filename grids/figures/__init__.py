"""Figures of the grids app, one module per concept (requests now; the deliberation hall,
care files, door-knocking rounds and volunteer hours add theirs beside it).

The families these modules register are read by the dashboards and the report through the
kit's registry, `grids.generic.figures`.
"""

from grids.figures.requests import GROUPS, request_figures

__all__ = ["GROUPS", "request_figures"]
