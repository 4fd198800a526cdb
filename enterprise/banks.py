"""Bank names as people write them, by the four-digit 統一金融機関コード.

The Zengin file needs the half-width kana name (ﾐｽﾞﾎ) and keeps it on the
account; pages and documents show the bank's own name (みずほ銀行). A bank not
in this table shows its kana, which is still right, only harder to read.
"""

BANK_NAMES = {
    "0001": "みずほ銀行",
    "0005": "三菱UFJ銀行",
    "0009": "三井住友銀行",
    "0010": "りそな銀行",
    "0017": "埼玉りそな銀行",
    "0033": "PayPay銀行",
    "0034": "セブン銀行",
    "0036": "楽天銀行",
    "0038": "住信SBIネット銀行",
    "0039": "auじぶん銀行",
    "0040": "イオン銀行",
    "0042": "ローソン銀行",
    "0116": "北海道銀行",
    "0117": "青森銀行",
    "0125": "七十七銀行",
    "0130": "常陽銀行",
    "0134": "千葉銀行",
    "0138": "横浜銀行",
    "0149": "静岡銀行",
    "0158": "京都銀行",
    "0177": "福岡銀行",
    "0288": "三菱UFJ信託銀行",
    "0289": "みずほ信託銀行",
    "0294": "三井住友信託銀行",
    "0397": "SBI新生銀行",
    "0398": "あおぞら銀行",
    "9900": "ゆうちょ銀行",
}


def bank_display_name(code: str, kana: str = "") -> str:
    """みずほ銀行 for 0001; the kana name for a bank the table does not know."""
    return BANK_NAMES.get(code, kana)
