"""Far-off dates are a field error everywhere, never a 500 (issue 8 §1.5)."""

import json

import pytest

from disputes.models import ClinicShift, Consultation
from grids.choices import Role
from tests.conftest import make_user

FAR = "0001-01-01T00:00:00"


@pytest.fixture
def lawyer(world):
    return make_user("lawyer", Role.LEGAL_ADVISOR, world.df)


def post_json(client, url, payload):
    return client.post(url, json.dumps(payload), content_type="application/json")


@pytest.mark.parametrize(
    "url,field",
    [
        (f"/api/v1/requests/figures/?start={FAR}", "start"),
        (f"/api/v1/requests/?created_after={FAR}", "created_after"),
        ("/api/v1/requests/?created_before=9999-12-31T23:59:59-14:00", "created_before"),
    ],
)
def test_a_grid_worker_s_far_off_dates_are_field_errors(world, as_user, url, field):
    response = as_user(world.worker_a).get(url)
    assert response.status_code == 400, response.content
    assert field in response.json()


def test_community_staff_far_off_dispute_filter_is_a_field_error(world, as_user):
    response = as_user(world.community_official).get(
        f"/api/v1/disputes/?received_after={FAR}%2B14:00"
    )
    assert response.status_code == 400, response.content
    assert "received_after" in response.json()


def test_the_requests_page_says_what_is_wrong_with_a_far_off_date(world, as_user):
    response = as_user(world.worker_a).get(f"/requests/?created_after={FAR}")
    # The kit's lists answer an invalid filter with the page, its message and no rows.
    assert response.status_code == 200
    assert "2000-01-01" in response.content.decode()
    assert response.context["total"] == 0


def test_a_rota_in_the_year_9999_is_a_400_in_the_api(world, as_user, lawyer):
    rota = {"community": "C1", "lawyers": ["lawyer"], "first_day": "9999-12-25", "weeks": 52}
    response = post_json(as_user(world.mediator_c1), "/api/v1/clinic-shifts/rota/", rota)
    assert response.status_code == 400, response.content
    assert "first_day" in response.json()
    assert not ClinicShift.objects.exists()


def test_a_rota_in_the_year_9999_is_a_field_error_on_the_page(world, as_user, lawyer):
    rota = {
        "community": world.c1.pk,
        "lawyers": [lawyer.pk],
        "first_day": "9999-12-25",
        "weeks": 52,
        "weekdays": [2],
        "starts_at": "09:00",
        "ends_at": "12:00",
    }
    response = as_user(world.community_official).post("/disputes/clinic/rota/", rota)
    assert response.status_code == 400
    assert "2100-12-31" in response.content.decode()
    assert not ClinicShift.objects.exists()


def test_generate_rota_itself_refuses_far_off_days(world, lawyer):
    from datetime import date

    from django.core.exceptions import ValidationError

    from disputes.actions.clinic import generate_rota

    with pytest.raises(ValidationError) as caught:
        generate_rota(world.c1, [lawyer], first_day=date(9999, 12, 25), weeks=52)
    assert "first_day" in caught.value.message_dict


def test_a_consultation_in_the_year_171_is_refused(world, as_user):
    question = {
        "area": "BA1",
        "asked_by": "张三",
        "topic": "租房",
        "question": "押金不退怎么办",
        "advice": "先协商",
        "at": "0171-06-27T18:19:07Z",
    }
    response = post_json(as_user(world.mediator_c1), "/api/v1/consultations/", question)
    assert response.status_code == 400, response.content
    assert "at" in response.json()
    assert not Consultation.objects.exists()
