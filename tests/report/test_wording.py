"""The report's numbers read as the article's: "350余件", "9个社区", "办结率达98%"."""

import pytest

from dongfeng.report.wording import about, decimal, exact, percent, rate_phrase, step


@pytest.mark.parametrize(
    ("value", "said"),
    [
        (0, "0件"),
        (9, "9件"),
        (10, "10件"),
        (16, "16件"),
        (19, "19件"),
        (20, "20件"),  # already round: no 余
        (22, "20余件"),
        (52, "50余件"),
        (99, "90余件"),
        (100, "100件"),
        (101, "100余件"),
        (149, "100余件"),
        (215, "200余件"),
        (350, "350件"),
        (352, "350余件"),
        (360, "350余件"),
        (999, "950余件"),
        (1000, "1000件"),
        (1001, "1000余件"),
        (6532, "6500余件"),
        (12400, "10000余件"),
    ],
)
def test_a_count_of_things_done_is_floored_to_a_round_number_and_余(value, said):
    assert about(value, "件") == said


def test_a_count_never_claims_more_than_there_was():
    for value in range(0, 20000, 7):
        shown = about(value)
        assert int(shown.rstrip("余")) <= value
        assert shown.endswith("余") == (int(shown.rstrip("余")) != value)


def test_the_round_unit_grows_with_the_number():
    assert [step(v) for v in (0, 99, 100, 999, 1000, 9999, 10000)] == [
        10,
        10,
        50,
        50,
        500,
        500,
        5000,
    ]


def test_a_count_of_what_exists_is_exact():
    assert exact(9, "个") + "社区" == "9个社区"
    assert exact(43, "个") == "43个"
    assert exact(78, "份") == "78份"
    assert exact(0) == "0"
    assert exact(1001) == "1001"


@pytest.mark.parametrize(
    ("fraction", "said"),
    [
        (0.0, "0%"),
        (0.29, "29%"),  # 0.29 × 100 is 28.999… in floating point; still 29%
        (0.983, "98%"),
        (0.9899, "98%"),
        (0.996, "99%"),  # floored: never "100%" unless nothing failed
        (1.0, "100%"),
        (1, "100%"),
    ],
)
def test_a_rate_is_a_floored_whole_percentage(fraction, said):
    assert percent(fraction) == said


def test_a_rate_without_a_base_says_nothing():
    assert percent(None) is None
    assert percent(float("nan")) is None
    assert rate_phrase("办结率", None) is None


def test_a_rate_phrase_reads_as_the_articles():
    assert rate_phrase("办结率", 0.983) == "办结率达98%"
    assert rate_phrase("调解成功率", 1.0, reach=False) == "调解成功率100%"


def test_a_mean_keeps_one_floored_decimal():
    assert decimal(4.86) == "4.8"
    assert decimal(5) == "5.0"
    assert decimal(None) is None


def test_none_is_none_everywhere():
    assert about(None) is None
    assert exact(None) is None
