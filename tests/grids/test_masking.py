"""grids.masking: one masking of names, phone numbers in every common form, and ID numbers."""

import pytest

from grids.masking import contains_personal_data, mask_id_number, mask_name, mask_phone, redact


@pytest.mark.parametrize(
    ("name", "masked"),
    [("张三", "张*"), ("欧阳娜娜", "欧***"), ("张", "张*"), ("", ""), (" 李四 ", "李*")],
)
def test_it_masks_names_keeping_the_first_character(name, masked):
    assert mask_name(name) == masked


@pytest.mark.parametrize(
    "phone",
    [
        "13812345678",
        "138-1234-5678",
        "138 1234 5678",
        "+86 138 1234 5678",
        "+8613812345678",
        "008613812345678",
        "86-138-1234-5678",
        "１３８１２３４５６７８",
    ],
)
def test_every_form_of_a_mobile_number_masks_to_one_shape(phone):
    assert mask_phone(phone) == "138****5678"


@pytest.mark.parametrize(
    ("phone", "masked"),
    [
        ("0370-1234567", "0370-***4567"),
        ("03701234567", "0370-***4567"),
        ("010-12345678", "010-****5678"),
        ("0371 12345678", "0371-****5678"),
    ],
)
def test_landlines_keep_their_area_code_and_last_four_digits(phone, masked):
    assert mask_phone(phone) == masked


def test_id_numbers_keep_four_characters_at_each_end():
    assert mask_id_number("11010519491231002X") == "1101**********002X"
    assert mask_id_number("11010519491231002x") == "1101**********002X"
    assert mask_id_number("") == ""


def test_redact_masks_every_number_inside_free_text():
    text = (
        "请联系张先生13812345678或+86 139-0000-1111，座机0370-1234567，"
        "身份证11010519491231002X，门牌12号"
    )
    redacted = redact(text)
    for whole in ("13812345678", "139-0000-1111", "0000", "1234567", "19491231"):
        assert whole not in redacted
    assert "138****5678" in redacted
    assert "139****1111" in redacted
    assert "0370-***4567" in redacted
    assert "1101**********002X" in redacted
    assert "门牌12号" in redacted  # short numbers are not personal data


def test_it_tells_whether_text_still_holds_personal_data():
    assert contains_personal_data("电话 138 1234 5678")
    assert not contains_personal_data("3号楼2单元楼道堆物")
