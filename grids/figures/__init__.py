"""Figures of the grids app, one module per concept: organisation, requests and the
deliberation hall, care files, door-knocking rounds and volunteer hours.

The families these modules register (`register()`, called from GridsConfig.ready()) are read
by the dashboards and the report through the kit's registry, `grids.generic.figures`.
"""

from grids.figures.care import CareFamily
from grids.figures.deliberation import DeliberationFamily
from grids.figures.door_knocking import DoorKnockingFamily
from grids.figures.organisation import OrganisationFamily
from grids.figures.requests import GROUPS, RequestFamily, request_figures
from grids.figures.volunteers import VolunteersFamily
from grids.generic.figures import register_family

__all__ = [
    "GROUPS",
    "CareFamily",
    "DeliberationFamily",
    "DoorKnockingFamily",
    "OrganisationFamily",
    "RequestFamily",
    "register",
    "request_figures",
    "VolunteersFamily",
]


def register() -> None:
    register_family(OrganisationFamily())
    register_family(RequestFamily())
    register_family(DeliberationFamily())
    register_family(CareFamily())
    register_family(DoorKnockingFamily())
    register_family(VolunteersFamily())
