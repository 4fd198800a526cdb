"""The 総合振込 file: japan.md §5.3 reproduced byte for byte, and refusals."""

from datetime import date

import pytest
from django.utils import translation

from invoicing.zengin import (
    ZenginError,
    ZenginHeader,
    ZenginOptions,
    ZenginTrailer,
    ZenginTransfer,
    build_transfer_file,
    parse_transfer_file,
)

HEADER = ZenginHeader(
    sender_code="1234567890",
    sender_name="カ）テストクラウド",
    transfer_date=date(2026, 9, 30),
    bank_code="0001",
    bank_name="ミズホ",
    branch_code="001",
    branch_name="ホンテン",
    account_type="1",
    account_number="1234567",
)
# W1 and W4 of japan.md §2.5: the transfers after withholding.
YAMADA = ZenginTransfer(
    bank_code="0005",
    bank_name="",
    branch_code="123",
    branch_name="",
    account_type="1",
    account_number="7654321",
    recipient_name="ヤマダ タロウ",
    amount=49_895,
)
SATO = ZenginTransfer(
    bank_code="0009",
    bank_name="",
    branch_code="456",
    branch_name="",
    account_type="1",
    account_number="0012345",
    recipient_name="サトウ ハナコ",
    amount=1_445_800,
)


def _c(text: str, length: int) -> str:
    """A C field: left-aligned, space-filled to `length` bytes of cp932."""
    return text + " " * (length - len(text.encode("cp932")))


# Built from the §5.2 field table rather than copied from the §5.3 picture:
# that picture pads ﾔﾏﾀﾞ ﾀﾛｳ with 21 spaces, but the name is 8 bytes (ﾀﾞ is the
# two one-byte characters ﾀ and ﾞ), so its 30-byte field takes 22; with 21
# the record would be 119 bytes. Every other run in the picture matches.
HEADER_RECORD = "".join(
    [
        "1",  # データ区分
        "21",  # 種別コード: 総合振込
        "0",  # コード区分: JIS
        "1234567890",  # 振込依頼人コード
        _c("ｶ)ﾃｽﾄｸﾗｳﾄﾞ", 40),  # 10 bytes + 30 spaces
        "0930",  # 振込指定日 MMDD
        "0001",
        _c("ﾐｽﾞﾎ", 15),
        "001",
        _c("ﾎﾝﾃﾝ", 15),
        "1",  # 普通
        "1234567",
        " " * 17,  # ダミー
    ]
)


def _data_record(bank: str, branch: str, account: str, name: str, amount: str):
    return "".join(
        [
            "2",  # データ区分
            bank,
            " " * 15,  # 被仕向銀行名 (left blank in the example)
            branch,
            " " * 15,  # 被仕向支店名
            "0000",  # 手形交換所番号
            "1",  # 普通
            account,
            _c(name, 30),
            amount,
            "0",  # 新規コード
            "0000000000",  # 顧客コード1
            "0000000000",  # 顧客コード2
            "7",  # 振込指定区分: テレ振込
            " ",  # 識別表示
            " " * 7,  # ダミー
        ]
    )


EXPECTED_RECORDS = [
    HEADER_RECORD,
    _data_record("0005", "123", "7654321", "ﾔﾏﾀﾞ ﾀﾛｳ", "0000049895"),
    _data_record("0009", "456", "0012345", "ｻﾄｳ ﾊﾅｺ", "0001445800"),
    "8" + "000002" + "000001495695" + " " * 101,
    "9" + " " * 119,
]
EXPECTED = b"".join(r.encode("cp932") + b"\r\n" for r in EXPECTED_RECORDS)


def test_worked_example_is_reproduced_byte_for_byte():
    assert [len(r.encode("cp932")) for r in EXPECTED_RECORDS] == [120] * 5
    assert _c("ﾔﾏﾀﾞ ﾀﾛｳ", 30).count(" ") == 1 + 22  # the doc's 21 is one short

    assert build_transfer_file(HEADER, [YAMADA, SATO]) == EXPECTED


def test_every_record_is_120_bytes_followed_by_crlf_and_the_file_ends_with_end():
    data = build_transfer_file(HEADER, [YAMADA, SATO])

    assert len(data) == 5 * 122
    records = data.split(b"\r\n")
    assert records[-1] == b""  # CR LF after the last record too
    assert [len(r) for r in records[:-1]] == [120] * 5
    assert [r[:1] for r in records[:-1]] == [b"1", b"2", b"2", b"8", b"9"]
    assert data.endswith(b"9" + b" " * 119 + b"\r\n")
    assert b"\n" not in data.replace(b"\r\n", b"")
    assert b"\r" not in data.replace(b"\r\n", b"")


def test_trailer_carries_the_count_and_total_1495695():
    data = build_transfer_file(HEADER, [YAMADA, SATO])

    header, transfers, trailer = parse_transfer_file(data, year=2026)

    assert trailer == ZenginTrailer(count=2, total=1_495_695)
    assert data.split(b"\r\n")[3][:19] == b"8000002000001495695"


def test_amount_is_right_aligned_and_zero_filled():
    record = build_transfer_file(HEADER, [YAMADA]).split(b"\r\n")[1]

    assert record[80:90] == b"0000049895"  # positions 81-90


def test_round_trip_gives_back_the_normalised_values():
    data = build_transfer_file(HEADER, [YAMADA, SATO])

    header, transfers, trailer = parse_transfer_file(data, year=2026)

    assert header == ZenginHeader(
        sender_code="1234567890",
        sender_name="ｶ)ﾃｽﾄｸﾗｳﾄﾞ",
        transfer_date=date(2026, 9, 30),
        bank_code="0001",
        bank_name="ﾐｽﾞﾎ",
        branch_code="001",
        branch_name="ﾎﾝﾃﾝ",
        account_type="1",
        account_number="1234567",
    )
    assert [t.recipient_name for t in transfers] == ["ﾔﾏﾀﾞ ﾀﾛｳ", "ｻﾄｳ ﾊﾅｺ"]
    assert [t.amount for t in transfers] == [49_895, 1_445_800]
    assert [t.account_number for t in transfers] == ["7654321", "0012345"]
    assert transfers[0].customer_code1 == ""
    assert build_transfer_file(header, transfers) == data


def test_round_trip_keeps_codes_names_and_options():
    transfer = ZenginTransfer(
        bank_code="9900",
        bank_name="ユウチョ",
        branch_code="018",
        branch_name="ゼロイチハチ",
        account_type="2",
        account_number="12",
        recipient_name="キャノン(カ",
        amount=9_999_999_999,
        new_code="1",
        customer_code1="123",
        customer_code2="4567890123",
    )
    options = ZenginOptions(transfer_kind="8", clearing_house="    ")

    data = build_transfer_file(HEADER, [transfer], options)
    _, (parsed,), trailer = parse_transfer_file(data, year=2026)

    assert parsed == ZenginTransfer(
        bank_code="9900",
        bank_name="ﾕｳﾁﾖ",
        branch_code="018",
        branch_name="ｾﾞﾛｲﾁﾊﾁ",
        account_type="2",
        account_number="0000012",
        recipient_name="ｷﾔﾉﾝ(ｶ",
        amount=9_999_999_999,
        new_code="1",
        customer_code1="0000000123",
        customer_code2="4567890123",
    )
    assert trailer.total == 9_999_999_999
    record = data.split(b"\r\n")[1]
    assert record[38:42] == b"    "  # 手形交換所番号 as spaces
    assert record[111:113] == b"8 "  # 振込指定区分 8, 識別表示 space
    assert build_transfer_file(HEADER, [parsed], options) == data


def test_edi_information_replaces_the_customer_codes():
    transfer = ZenginTransfer(**{**YAMADA.__dict__, "edi_info": "INV-2026-000123"})

    data = build_transfer_file(HEADER, [transfer], ZenginOptions(identification="Y"))

    record = data.split(b"\r\n")[1]
    assert record[91:111] == b"INV-2026-000123     "
    assert record[112:113] == b"Y"
    _, (parsed,), _ = parse_transfer_file(data, year=2026)
    assert parsed.edi_info == "INV-2026-000123"
    assert parsed.customer_code1 == parsed.customer_code2 == ""


def test_small_kana_are_written_full_size():
    transfer = ZenginTransfer(**{**YAMADA.__dict__, "recipient_name": "ｷｬﾉﾝ"})

    data = build_transfer_file(HEADER, [transfer])

    name = data.split(b"\r\n")[1][50:80]
    assert name == _c("ｷﾔﾉﾝ", 30).encode("cp932")


def test_long_vowel_is_a_hyphen_unless_the_bank_takes_it():
    transfer = ZenginTransfer(**{**YAMADA.__dict__, "recipient_name": "コーヒー"})

    default = build_transfer_file(HEADER, [transfer]).split(b"\r\n")[1][50:80]
    kept = build_transfer_file(HEADER, [transfer], ZenginOptions(long_vowel="ｰ")).split(
        b"\r\n"
    )[1][50:80]

    assert default.rstrip() == "ｺ-ﾋ-".encode("cp932")
    assert kept.rstrip() == "ｺｰﾋｰ".encode("cp932")


def test_kanji_name_is_refused_naming_the_record_and_field():
    transfer = ZenginTransfer(**{**SATO.__dict__, "recipient_name": "佐藤 花子"})

    with pytest.raises(ZenginError) as caught:
        build_transfer_file(HEADER, [YAMADA, transfer])

    error = caught.value
    assert (error.record, error.index, error.field) == ("data", 2, "recipient_name")
    with translation.override("en"):
        assert str(ZenginError("data", "recipient_name", "x", 2)) == (
            "data record 2, recipient name: x"
        )
    assert "佐" in error.reason and "花" in error.reason


def test_bank_names_refuse_the_brackets_people_names_allow():
    header = ZenginHeader(**{**HEADER.__dict__, "bank_name": "ミズホ(カ)"})

    with pytest.raises(ZenginError) as caught:
        build_transfer_file(header, [YAMADA])

    assert (caught.value.record, caught.value.field) == ("header", "bank_name")


@pytest.mark.parametrize(
    ("change", "record", "field"),
    [
        ({"recipient_name": "ア" * 31}, "data", "recipient_name"),  # 31 bytes
        ({"branch_name": "ア" * 16}, "data", "branch_name"),
        ({"account_number": "12345678"}, "data", "account_number"),
        ({"account_number": "12-3456"}, "data", "account_number"),
        ({"account_number": "１２３"}, "data", "account_number"),  # full width
        ({"bank_code": "12345"}, "data", "bank_code"),
        ({"bank_code": ""}, "data", "bank_code"),
        ({"recipient_name": ""}, "data", "recipient_name"),
        ({"account_type": "3"}, "data", "account_type"),
        ({"new_code": "5"}, "data", "new_code"),
        ({"customer_code1": "A1"}, "data", "customer_code1"),
        ({"amount": 0}, "data", "amount"),
        ({"amount": 10_000_000_000}, "data", "amount"),
        ({"amount": 1000.0}, "data", "amount"),
        ({"edi_info": "X"}, "data", "edi_info"),
    ],
)
def test_a_value_that_does_not_fit_is_refused(change, record, field):
    transfer = ZenginTransfer(**{**YAMADA.__dict__, **change})

    with pytest.raises(ZenginError) as caught:
        build_transfer_file(HEADER, [SATO, transfer])

    assert (caught.value.record, caught.value.index, caught.value.field) == (
        record,
        2,
        field,
    )


def test_thirty_bytes_of_name_fit_exactly():
    transfer = ZenginTransfer(**{**YAMADA.__dict__, "recipient_name": "ガ" * 15})

    data = build_transfer_file(HEADER, [transfer])

    assert data.split(b"\r\n")[1][50:80] == ("ｶﾞ" * 15).encode("cp932")


def test_header_values_that_do_not_fit_are_refused():
    for change, field in [
        ({"sender_code": "12345678901"}, "sender_code"),
        ({"sender_name": "テ" * 41}, "sender_name"),
        ({"account_type": "4"}, "account_type"),  # 貯蓄 is for recipients only
    ]:
        header = ZenginHeader(**{**HEADER.__dict__, **change})
        with pytest.raises(ZenginError) as caught:
            build_transfer_file(header, [YAMADA])
        assert (caught.value.record, caught.value.field) == ("header", field)


def test_a_file_without_transfers_is_refused():
    with pytest.raises(ZenginError):
        build_transfer_file(HEADER, [])


def test_options_refuse_values_no_bank_uses():
    with pytest.raises(ValueError):
        ZenginOptions(transfer_kind="9")
    with pytest.raises(ValueError):
        ZenginOptions(clearing_house="00")


# --- the parser checks what a bank checks --------------------------------------


def _records(data: bytes) -> list[bytes]:
    return data.split(b"\r\n")[:-1]


def _join(records: list[bytes]) -> bytes:
    return b"".join(r + b"\r\n" for r in records)


def test_parser_accepts_records_without_line_breaks():
    data = build_transfer_file(HEADER, [YAMADA, SATO])

    _, transfers, trailer = parse_transfer_file(data.replace(b"\r\n", b""), year=2026)

    assert len(transfers) == 2 and trailer.total == 1_495_695


def test_parser_refuses_lf_only_line_breaks():
    data = build_transfer_file(HEADER, [YAMADA]).replace(b"\r\n", b"\n")

    with pytest.raises(ZenginError):
        parse_transfer_file(data)


def test_parser_refuses_a_119_byte_record():
    records = _records(build_transfer_file(HEADER, [YAMADA]))
    records[1] = records[1][:80] + records[1][81:]  # one padding space less

    with pytest.raises(ZenginError) as caught:
        parse_transfer_file(_join(records))

    assert "119" in caught.value.reason


def test_parser_refuses_records_out_of_order():
    records = _records(build_transfer_file(HEADER, [YAMADA, SATO]))
    records[1], records[3] = records[3], records[1]  # trailer before data

    with pytest.raises(ZenginError) as caught:
        parse_transfer_file(_join(records))

    assert (caught.value.record, caught.value.field) == ("data", "record_type")


def test_parser_refuses_a_file_without_its_end_record():
    records = _records(build_transfer_file(HEADER, [YAMADA, SATO]))

    with pytest.raises(ZenginError):
        parse_transfer_file(_join(records[:-1]))


@pytest.mark.parametrize(
    ("position", "prefix", "record", "field"),
    [
        (3, b"8000003", "trailer", "count"),
        (3, b"8000002000001495696", "trailer", "total"),
        (0, b"111", "header", "kind_code"),  # 種別コード 11 is 給与振込
        (1, b"2000A", "data", "bank_code"),
        (2, b"3", "data", "record_type"),
    ],
)
def test_parser_refuses_a_tampered_record(position, prefix, record, field):
    records = _records(build_transfer_file(HEADER, [YAMADA, SATO]))
    records[position] = prefix + records[position][len(prefix) :]

    with pytest.raises(ZenginError) as caught:
        parse_transfer_file(_join(records))

    assert (caught.value.record, caught.value.field) == (record, field)


def test_transfer_date_takes_the_year_closest_to_today():
    data = build_transfer_file(HEADER, [YAMADA])
    today = date.today()
    header, _, _ = parse_transfer_file(data)

    assert (header.transfer_date.month, header.transfer_date.day) == (9, 30)
    assert abs((header.transfer_date - today).days) <= 183
