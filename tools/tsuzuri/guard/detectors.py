"""The guard's rules: what personal data, card numbers and marked text look like.

Each detector takes one line (already NFKC-normalised, so full-width digits read as
digits) and yields ``(rule, column, value)`` for what it finds. Numbers are checked
beyond their shape (the individual number's check digit, Luhn for cards), so an order
number that merely has twelve digits is not reported.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

Hit = tuple[str, int, str]

_SEP = r"[ \-]?"
# Not part of a longer number, even one written in groups ("4111 1111 1111 1111").
_ALONE_BEFORE = r"(?<![\d\-])(?<!\d[ \-])"
_ALONE_AFTER = r"(?![\d\-])(?![ \-]\d)"
_MYNUMBER_RE = re.compile(rf"{_ALONE_BEFORE}(\d{{4}}){_SEP}(\d{{4}}){_SEP}(\d{{4}}){_ALONE_AFTER}")
_CARD_RE = re.compile(rf"{_ALONE_BEFORE}\d(?:[ \-]?\d){{12,18}}{_ALONE_AFTER}")


def mynumber_check_digit(first11: str) -> int:
    """Return the check digit of an individual number (マイナンバー) from its first 11 digits."""
    # 行政手続における特定の個人を識別するための番号の利用等に関する法律施行令 第八条:
    # P_n is the n-th digit counted from the right of the 11, Q_n = n + 1 (n <= 6) or n - 5.
    total = sum(int(d) * (n + 1 if n <= 6 else n - 5) for n, d in enumerate(reversed(first11), 1))
    rest = total % 11
    return 0 if rest <= 1 else 11 - rest


def is_mynumber(digits: str) -> bool:
    """Tell whether 12 digits carry a valid individual-number check digit."""
    return len(digits) == 12 and digits.isdigit() and mynumber_check_digit(digits[:11]) == int(digits[11])


def luhn_ok(digits: str) -> bool:
    """Tell whether a digit string passes the Luhn check of card numbers."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 1:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


# Issuer prefixes of the card brands used in Japan (Visa, Mastercard, JCB, American Express,
# Diners, Discover/UnionPay): a Luhn-valid number with none of them is some other identifier.
_CARD_PREFIX_RE = re.compile(r"^(?:4|5[1-5]|2(?:2[2-9]|[3-6]\d|7[01]|720)|35(?:2[89]|[3-8]\d)|3[47]|3(?:0[0-5]|[689])|6(?:011|5|4[4-9]|2))")


def is_card(digits: str) -> bool:
    """Tell whether a digit string looks like a payment card number (brand prefix, length, Luhn)."""
    return 13 <= len(digits) <= 19 and bool(_CARD_PREFIX_RE.match(digits)) and luhn_ok(digits)


def mynumbers(line: str) -> Iterator[Hit]:
    for m in _MYNUMBER_RE.finditer(line):
        digits = "".join(m.groups())
        if is_mynumber(digits) and len(set(digits)) > 1:
            yield "mynumber", m.start(), digits


def cards(line: str) -> Iterator[Hit]:
    for m in _CARD_RE.finditer(line):
        digits = re.sub(r"\D", "", m.group())
        if is_card(digits):
            yield "card", m.start(), digits


# Japanese phone numbers: 0 + area code + local number (10 digits) written with separators,
# or mobile / IP / toll-free numbers (11 digits, separators optional), or +81 forms.
_PHONE_RE = re.compile(r"(?<![\w\-+(])\(?(?:\+81[ \-]?|0)(?:\(?\d{1,4}\)?[ \-]?){2}\d{3,4}(?![\w\-])")


def phones(line: str) -> Iterator[Hit]:
    for m in _PHONE_RE.finditer(line):
        text = m.group()
        digits = re.sub(r"\D", "", text)
        if text.lstrip("(").startswith("+81"):
            digits = "0" + digits[2:].lstrip("0")
        separated = bool(re.search(r"[ \-()]", text.lstrip("+81")))
        mobile = re.match(r"0[5789]0\d{8}$", digits) or re.match(r"0(?:120|800)\d{6,7}$", digits)
        if mobile or (len(digits) == 10 and digits[1] != "0" and (separated or text.startswith("+81"))):
            yield "phone", m.start(), digits


_PREFECTURES = (
    "北海道|青森県|岩手県|宮城県|秋田県|山形県|福島県|茨城県|栃木県|群馬県|埼玉県|千葉県|東京都|神奈川県|"
    "新潟県|富山県|石川県|福井県|山梨県|長野県|岐阜県|静岡県|愛知県|三重県|滋賀県|京都府|大阪府|兵庫県|"
    "奈良県|和歌山県|鳥取県|島根県|岡山県|広島県|山口県|徳島県|香川県|愛媛県|高知県|福岡県|佐賀県|長崎県|"
    "熊本県|大分県|宮崎県|鹿児島県|沖縄県"
)
_POSTCODE_RE = re.compile(r"〒\s*\d{3}[-ー−‐]?\d{4}(?!\d)")
# A prefecture, a municipality (市区町村郡) and a block number (1丁目, 2番地, 1-2-3): a street
# address. A prefecture or city alone ("東京都の事業者") is not one.
_ADDRESS_RE = re.compile(
    rf"(?:{_PREFECTURES})?[^\s、。,.「」()]{{1,12}}?[市区町村郡][^\s、。,.「」()]{{0,16}}?(?:\d+|[一二三四五六七八九十]+)(?:丁目|番地?|号|[-ー−‐])(?:\d+(?:丁目|番地?|号|[-ー−‐])?)*"
)
_PREFECTURE_RE = re.compile(_PREFECTURES)


def addresses(line: str) -> Iterator[Hit]:
    for m in _POSTCODE_RE.finditer(line):
        yield "address", m.start(), re.sub(r"\D", "", m.group())
    for m in _ADDRESS_RE.finditer(line):
        if _PREFECTURE_RE.search(m.group()) or "丁目" in m.group() or re.search(r"\d+[-ー−‐]\d+[-ー−‐]\d+", m.group()):
            yield "address", m.start(), m.group()


_EMAIL_RE = re.compile(r"(?<![\w.%+\-:/])[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}(?![\w\-])")


def emails(line: str) -> Iterator[Hit]:
    for m in _EMAIL_RE.finditer(line):
        yield "email", m.start(), m.group().lower()


# Passwords written in Japanese prose ("パスワードは Abc12345 です"), which the secret scanner's
# keyword rule (written for code and config files) does not read.
_PASSWORD_RE = re.compile(r"(?:パスワード|暗証番号|パスコード|password|passwd|pwd)\s*(?:は|[:=])\s*[「『\"']?([!-~]{4,})", re.IGNORECASE)


def passwords(line: str) -> Iterator[Hit]:
    for m in _PASSWORD_RE.finditer(line):
        value = m.group(1).rstrip("」』\"'.,。")
        if len(value) >= 4 and set(value) - set("*・x×X●") and not value.startswith(("<", "${", "{{")):
            yield "secret", m.start(), f"password\0{value}"


_IDEOGRAPH_RE = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def marker_pattern(words: tuple[str, ...]) -> re.Pattern | None:
    """Return the pattern of the office's marker words, or None when there are none.

    A one-character marker (「秘」) counts only where it stands apart from other ideographs,
    so 秘匿 or 極秘 do not match it but 【秘】 and 秘 alone do; longer markers match anywhere.
    """
    parts = []
    for word in sorted({w.strip() for w in words if w.strip()}, key=len, reverse=True):
        escaped = re.escape(word)
        if len(word) == 1 and _IDEOGRAPH_RE.match(word):
            escaped = rf"(?<![\u3400-\u9fff\uf900-\ufaff]){escaped}(?![\u3400-\u9fff\uf900-\ufaff])"
        parts.append(escaped)
    return re.compile("|".join(parts)) if parts else None
