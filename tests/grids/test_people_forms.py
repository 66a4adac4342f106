"""Whole phone and ID numbers never reach an edit form unmasked without the sensitive grant,
and every read of a whole number — page, edit form, admin — is in the audit log."""

from django.urls import reverse

from grids.models import AuditEntry, Person

WHOLE_PHONE = "13812341234"
WHOLE_ID = "11010519491231002X"


def _reads(person) -> int:
    return AuditEntry.objects.filter(
        action=AuditEntry.Action.VIEW, model="grids.person", object_id=str(person.pk)
    ).count()


def _form_data(person, **changes) -> dict:
    data = {
        "name": person.name,
        "kind": person.kind,
        "gender": person.gender,
        "area": person.area_id,
        "room": person.room,
        "phone": person.masked_phone,
        "id_number": person.masked_id_number,
        "notes": person.notes,
    }
    return {**data, **changes}


def test_a_grid_worker_edit_form_shows_masked_numbers_and_writes_no_audit(world, as_user):
    body = as_user(world.worker_a).get(reverse("grids:person_edit", args=[world.person_a.pk]))
    text = body.content.decode()
    assert body.status_code == 200
    assert WHOLE_PHONE not in text and WHOLE_ID not in text
    assert "138****1234" in text and "1101**********002X" in text
    assert _reads(world.person_a) == 0


def test_saving_the_masked_values_keeps_the_stored_numbers(world, as_user):
    person = world.person_a
    response = as_user(world.worker_a).post(
        reverse("grids:person_edit", args=[person.pk]), _form_data(person, room="301")
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert (person.room, person.phone, person.id_number) == ("301", WHOLE_PHONE, WHOLE_ID)


def test_typing_a_whole_new_number_changes_it(world, as_user):
    person = world.person_a
    response = as_user(world.worker_a).post(
        reverse("grids:person_edit", args=[person.pk]), _form_data(person, phone="13900002222")
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert (person.phone, person.id_number) == ("13900002222", WHOLE_ID)


def test_a_sensitive_role_edit_form_shows_whole_numbers_and_the_read_is_audited(world, as_user):
    person = world.person_a
    text = (
        as_user(world.community_official)
        .get(reverse("grids:person_edit", args=[person.pk]))
        .content.decode()
    )
    assert WHOLE_PHONE in text and WHOLE_ID in text
    assert _reads(person) == 1


def test_the_admin_change_page_audits_whole_numbers(world, as_user):
    person = world.person_a
    page = as_user(world.admin).get(reverse("admin:grids_person_change", args=[person.pk]))
    assert page.status_code == 200
    assert WHOLE_PHONE in page.content.decode()
    assert _reads(person) == 1
    assert Person.objects.get(pk=person.pk).phone == WHOLE_PHONE
