"""Dispute fixtures on top of the shared world: a lawyer, a police officer, a dispute."""

import pytest

from disputes.actions.disputes import receive_dispute
from disputes.models import DisputeCategory
from grids.choices import Role
from tests.conftest import make_user


@pytest.fixture
def lawyer(world):
    return make_user("lawyer_c1", Role.LEGAL_ADVISOR, world.c1, full_name="刘律师")


@pytest.fixture
def dispute(world):
    """A neighbours' dispute in grid GA, received at tier 1 by the C1 mediator."""
    return receive_dispute(
        area=world.ba1,
        category=DisputeCategory.objects.get(code="neighbours"),
        summary="楼上漏水导致楼下天花板受损，双方就赔偿争执不下",
        channel="grid_worker",
        mediator=world.mediator_c1,
        parties=[(world.person_a, "applicant"), (world.person_b, "respondent")],
        by=world.worker_a,
    )
