"""法人番号 and T numbers: the check-digit vectors of japan.md §1.2, and the
normalisation of what people type."""

import pytest
from django.core.exceptions import ValidationError

from clients import numbers


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("5835678256246", True),
        ("2835678256246", False),  # the check digit should be 5
        ("1180301018771", True),
        ("７１２０００１１６８４２１", True),  # full-width digits
        ("7120-0011-68421", True),  # dashes people type
        ("712000116842", False),  # 12 digits
        ("71200011684210", False),  # 14 digits
        ("", False),
    ],
)
def test_corporate_number(value, valid):
    assert numbers.is_valid_corporate_number(value) is valid


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("T7120001168421", True),
        ("T9011101097073", True),
        ("T712000116842", False),  # 12 digits
        ("T７１２０００１１６８４２１", True),  # full-width digits
        ("Ｔ７１２０００１１６８４２１", True),  # full-width T too
        ("t7120001168421", True),
        ("T8120001168421", False),  # wrong check digit
        ("X7120001168421", False),
    ],
)
def test_registration_number(value, valid):
    assert numbers.is_valid_registration_number(value) is valid


def test_check_digit_of_the_worked_example():
    # Base reversed 6,4,2,6,5,2,8,7,6,5,3,8: weighted sum 94, 94 mod 9 = 4, 9-4 = 5.
    assert numbers.corporate_number_check_digit("835678256246") == 5
    assert numbers.with_check_digit("835678256246") == "5835678256246"


def test_full_width_input_is_stored_half_width():
    assert (
        numbers.clean_corporate_number("１１８０３０１０１８７７１") == "1180301018771"
    )
    assert numbers.clean_registration_number("Ｔ７１２０００１１６８４２１") == (
        "T7120001168421"
    )
    assert numbers.clean_registration_number("7120001168421") == "T7120001168421"


@pytest.mark.parametrize(
    "value", ["100-0005", "1000005", "〒１００－０００５", "100ー0005", " 100 0005 "]
)
def test_postal_code_is_stored_as_three_dash_four(value):
    assert numbers.clean_postal_code(value) == "100-0005"


def test_kana_is_stored_in_full_width_katakana():
    assert numbers.clean_kana("ｻﾝﾌﾟﾙｼｮｳｼﾞ") == "サンプルショウジ"
    assert numbers.clean_kana("さんぷるしょうじ") == "サンプルショウジ"


def test_kanji_is_not_a_reading():
    with pytest.raises(ValidationError) as exc:
        numbers.clean_kana("株式会社")
    assert exc.value.messages == ["フリガナはカタカナで入力してください。"]


def test_wrong_check_digit_is_explained_in_japanese():
    with pytest.raises(ValidationError) as exc:
        numbers.clean_corporate_number("2835678256246")
    assert exc.value.messages == [
        "法人番号が正しくありません（チェックディジットが一致しません）。"
    ]
