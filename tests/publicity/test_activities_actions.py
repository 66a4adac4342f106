"""Recording an activity: saved whole with its photos, or refused with a field error and
nothing saved."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from PIL import Image

from grids.models import Area
from publicity.actions.activities import record_activity
from publicity.choices import Channel
from publicity.models import Activity, ActivityPhoto
from tests.grids.request_helpers import jpeg_with_gps, upload


def push(world, campaign, **extra):
    fields = {
        "by": world.worker_a,
        "campaigns": [campaign],
        "channel": Channel.WECHAT_PUSH,
        "area": world.ga,
        "date": date(2026, 3, 10),
        "items_pushed": 3,
        "people_reached": 120,
    }
    fields.update(extra)
    return record_activity(**fields)


def test_a_grid_worker_records_a_push_with_a_photo_without_its_gps(world, campaign):
    activity = push(world, campaign, photos=[upload(jpeg_with_gps())])

    assert list(activity.campaigns.all()) == [campaign]
    assert activity.run_by == world.worker_a
    (photo,) = activity.photos.all()
    with Image.open(photo.image.path) as image:
        assert not image.getexif()


def test_it_refuses_a_date_outside_the_campaign_and_saves_nothing(world, campaign):
    with pytest.raises(ValidationError) as error:
        push(world, campaign, date=date(2026, 4, 2))
    assert "date" in error.value.message_dict
    assert not Activity.objects.exists()


def test_it_refuses_negative_counts(world, campaign):
    with pytest.raises(ValidationError) as error:
        push(world, campaign, copies_handed_out=-5)
    assert "copies_handed_out" in error.value.message_dict
    assert not Activity.objects.exists()


def test_a_reach_above_ten_times_the_population_needs_confirmation(world, campaign):
    Area.objects.filter(pk=world.ga.pk).update(population=30)

    with pytest.raises(ValidationError) as error:
        push(world, campaign, people_reached=301)
    assert "reach_confirmed" in error.value.message_dict
    assert not Activity.objects.exists()

    assert push(world, campaign, people_reached=300).people_reached == 300
    assert push(world, campaign, people_reached=301, reach_confirmed=True).reach_confirmed


def test_a_file_that_is_not_a_photo_saves_nothing(world, campaign):
    with pytest.raises(ValidationError) as error:
        push(world, campaign, photos=[upload(b"%PDF-1.4 not a photo", name="x.jpg")])
    assert "photos" in error.value.message_dict
    assert not Activity.objects.exists() and not ActivityPhoto.objects.exists()


def test_a_grid_worker_cannot_record_in_another_grid(world, campaign):
    with pytest.raises(PermissionDenied):
        push(world, campaign, area=world.gb)
    assert not Activity.objects.exists()


def test_an_area_outside_the_campaign_is_refused(world, campaign):
    with pytest.raises(ValidationError) as error:
        push(world, campaign, by=world.street_official, area=world.gc)
    assert "area" in error.value.message_dict


def test_a_grid_worker_cannot_use_a_campaign_they_do_not_see(world, campaign):
    from tests.publicity.factories import CampaignFactory

    elsewhere = CampaignFactory(area=world.gc)
    with pytest.raises(ValidationError) as error:
        push(world, elsewhere)
    assert "campaigns" in error.value.message_dict
