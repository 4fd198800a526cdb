"""Builds 振込入金通知 files (全銀協 200-byte, 種別コード 01) for the tests."""


def _n(value: int | str, length: int) -> str:
    return str(value).rjust(length, "0")


def _c(text: str, length: int) -> bytes:
    raw = text.encode("cp932")
    assert len(raw) <= length
    return raw + b" " * (length - len(raw))


def header(day: str = "080430") -> bytes:
    record = (
        b"1" + b"01" + b"0" + (day * 3).encode() + b"0172" + _c("ｱﾜｷﾞﾝｺｳ", 15)
        + b"001" + _c("ﾎﾝﾃﾝ", 15) + b"1" + b"1234567" + _c("ｶ)ﾓﾄｳｹ", 40)
        + b" " * 93
    )  # fmt: skip
    assert len(record) == 200
    return record


def credit(ref: int, amount: int, payer: str, edi: str = "", day: str = "080430"):
    record = (
        b"2" + _n(ref, 6).encode() + day.encode() + day.encode()
        + _n(amount, 10).encode() + _n(0, 10).encode() + b" " * 10
        + _c(payer, 48) + _c("ﾐｽﾞﾎ", 15) + _c("ｼﾌﾞﾔ", 15) + b" " + _c(edi, 20)
        + b" " * 52
    )  # fmt: skip
    assert len(record) == 200
    return record


def trailer(records: list[bytes]) -> bytes:
    total = sum(int(r[19:29]) for r in records)
    record = (
        b"8" + _n(len(records), 6).encode() + _n(total, 12).encode()
        + b"0" * 18 + b" " * 163
    )  # fmt: skip
    assert len(record) == 200
    return record


def notice(*credits: bytes, newline: bytes = b"\r\n") -> bytes:
    records = [header(), *credits, trailer(list(credits)), b"9" + b" " * 199]
    return newline.join(records) + (newline if newline else b"")
