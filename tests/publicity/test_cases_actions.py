"""The case library: attachments judged from their bytes, publishing only without personal
data, and a draft from a closed dispute."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from disputes.actions.disputes import withdraw_dispute
from grids.transitions import TransitionError
from publicity.actions.cases import attach_to_case, case_from_dispute, publish_case, withdraw_case
from publicity.choices import MAX_ATTACHMENT_BYTES, CaseStatus
from publicity.models import Case, CaseAttachment, CaseEvent
from tests.disputes.factories import DisputeFactory
from tests.grids.request_helpers import jpeg_with_gps, upload
from tests.publicity.factories import CaseFactory, seeded_topic


@pytest.fixture
def case(world):
    return CaseFactory(area=world.ga, by=world.community_official)


def test_it_refuses_to_publish_a_case_holding_a_phone_number(world, case):
    Case.objects.filter(pk=case.pk).update(summary="受害人电话 138 1234 5678，被骗两万元")

    with pytest.raises(TransitionError) as error:
        publish_case(case, by=world.community_official)
    assert "138****5678" in str(error.value) and "1234 5678" not in str(error.value)
    case.refresh_from_db()
    assert case.status == CaseStatus.DRAFT
    assert not case.events.filter(kind="published").exists()


def test_it_refuses_an_id_number_in_the_lesson(world, case):
    Case.objects.filter(pk=case.pk).update(lesson="身份证号11010519491231002X切勿外借")
    with pytest.raises(TransitionError):
        publish_case(case, by=world.community_official)


def test_a_clean_case_is_published_once_with_its_event(world, case):
    publish_case(case, by=world.community_official)

    case.refresh_from_db()
    assert case.status == CaseStatus.PUBLISHED and case.published_at
    event = case.events.get(kind="published")
    assert (event.from_status, event.to_status, event.actor) == (
        "draft",
        "published",
        world.community_official,
    )
    with pytest.raises(TransitionError):
        publish_case(case, by=world.community_official)
    withdraw_case(case, by=world.community_official, reason="更正")
    case.refresh_from_db()
    assert case.status == CaseStatus.DRAFT and case.published_at is None


def test_a_pdf_and_a_photo_are_attached_and_the_photo_loses_its_metadata(world, case):
    pdf = attach_to_case(
        case, SimpleUploadedFile("a.bin", b"%PDF-1.7\n..."), by=world.community_official
    )
    photo = attach_to_case(case, upload(jpeg_with_gps()), by=world.community_official)

    assert pdf.is_pdf and pdf.file.name.endswith(".pdf")
    assert photo.file.name.endswith(".jpg")
    assert b"PhoneMaker" not in photo.file.read()


@pytest.mark.parametrize(
    "data,name",
    [
        (b"MZ\x90\x00 an executable", "leaflet.pdf"),
        (b"just some text", "photo.jpg"),
    ],
)
def test_a_file_that_is_neither_image_nor_pdf_is_a_field_error(world, case, data, name):
    with pytest.raises(ValidationError) as error:
        attach_to_case(case, SimpleUploadedFile(name, data), by=world.community_official)
    assert [e.code for e in error.value.error_dict["file"]] == ["bad_type"]
    assert not CaseAttachment.objects.exists()


def test_a_file_over_20_mb_is_refused(world, case):
    big = SimpleUploadedFile("big.pdf", b"%PDF-" + b"0" * MAX_ATTACHMENT_BYTES)
    with pytest.raises(ValidationError) as error:
        attach_to_case(case, big, by=world.community_official)
    assert [e.code for e in error.value.error_dict["file"]] == ["too_large"]
    assert "20 MB" in error.value.message_dict["file"][0]
    assert not CaseAttachment.objects.exists()


def test_a_case_comes_from_a_closed_dispute_with_its_numbers_masked(world):
    dispute = DisputeFactory(area=world.ba1, summary="一方电话13812345678，索赔未果")

    with pytest.raises(ValidationError):
        case_from_dispute(
            dispute, by=world.community_official, topic=seeded_topic("legal_education")
        )

    withdraw_dispute(dispute, by=dispute.mediator, reason="双方和解")
    case = case_from_dispute(
        dispute, by=world.community_official, topic=seeded_topic("legal_education")
    )
    assert case.source_dispute == dispute and case.status == CaseStatus.DRAFT
    assert "13812345678" not in case.summary and "138****5678" in case.summary
    assert CaseEvent.objects.filter(case=case, kind="created").count() == 1
