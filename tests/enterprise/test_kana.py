import pytest

from enterprise.kana import ZenginNameError, to_zengin, zengin_bytes


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("やまだ　たろう", "ﾔﾏﾀﾞ ﾀﾛｳ"),
        ("サトウ ハナコ", "ｻﾄｳ ﾊﾅｺ"),
        ("ｻﾄｳ ﾊﾅｺ", "ｻﾄｳ ﾊﾅｺ"),
        ("カ）テストクラウド", "ｶ)ﾃｽﾄｸﾗｳﾄﾞ"),
        ("キャノン", "ｷﾔﾉﾝ"),  # small kana written full size
        ("コーヒー", "ｺ-ﾋ-"),  # long-vowel mark becomes "-"
        ("ｍｏｔｏｕｋｅ　１２３", "MOTOUKE 123"),
    ],
)
def test_names_are_converted_to_the_zengin_set(typed, stored):
    assert to_zengin(typed) == stored


def test_kanji_is_refused_with_the_offending_characters():
    with pytest.raises(ZenginNameError) as caught:
        to_zengin("山田 タロウ")
    assert caught.value.bad == ["山", "田"]


def test_bank_names_allow_only_the_hyphen():
    assert to_zengin("ミズホ", kind="bank") == "ﾐｽﾞﾎ"
    with pytest.raises(ZenginNameError):
        to_zengin("ミズホ(カ)", kind="bank")


def test_voiced_kana_take_two_bytes():
    # ﾀﾞ is two characters (ﾀ + ﾞ), each one byte in cp932: 8 bytes in all.
    # (japan.md §5.3 says 9 bytes and 21 spaces of padding; that would make a
    # 119-byte record, so its count is off by one: it is 8 and 22.)
    assert zengin_bytes(to_zengin("ヤマダ タロウ")) == 8
    assert zengin_bytes(to_zengin("ダ")) == 2
