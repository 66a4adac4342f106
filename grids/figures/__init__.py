"""Figures of the grids app, one module per concept (organisation and requests now; the
deliberation hall, care files, door-knocking rounds and volunteer hours add theirs beside it).

The families these modules register (`register()`, called from GridsConfig.ready()) are read
by the dashboards and the report through the kit's registry, `grids.generic.figures`.
"""

from grids.figures.organisation import OrganisationFamily
from grids.figures.requests import GROUPS, RequestFamily, request_figures
from grids.generic.figures import register_family

__all__ = ["GROUPS", "OrganisationFamily", "RequestFamily", "register", "request_figures"]


def register() -> None:
    register_family(OrganisationFamily())
    register_family(RequestFamily())
