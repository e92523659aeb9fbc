"""The guard's rules on single lines: what is found, what is not, and how it is shown."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from guard_samples import with_check_digit, wrong_check_digit
from tsuzuri.guard import Guard, fingerprint
from tsuzuri.guard.detectors import is_card, is_mynumber
from tsuzuri.model import Config, GuardConfig, Member, Project

CONFIG = Config(
    members=(Member("yamada", "山田", "office", "yamada@example.go.jp", ("taro@home.example",)),),
    projects=(Project("HOJO", "補助金", ("office",), "hojo-toiawase@example.go.jp"),),
    mail={"inbound_address": "tracker@example.go.jp"},
    guard=GuardConfig(markers=("秘", "取扱注意"), addresses=("*@partner.example",)),
)


def rules(line: str, config: Config = CONFIG) -> list[str]:
    return [h.rule for h in Guard(config).text(line)]


@pytest.mark.parametrize("first11", ["12345678901", "98765432109", "31415926535", "00000000011"])
def test_an_individual_number_is_found_in_any_spacing(first11):
    number = with_check_digit(first11)
    for written in (number, f"{number[:4]} {number[4:8]} {number[8:]}", f"{number[:4]}-{number[4:8]}-{number[8:]}"):
        assert rules(f"個人番号は {written} です") == ["mynumber"], written


def test_full_width_digits_are_read_as_digits():
    number = with_check_digit("12345678901")
    wide = number.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    assert rules(f"番号:{wide}") == ["mynumber"]


@pytest.mark.parametrize("first11", ["12345678901", "98765432109", "31415926535"])
def test_a_twelve_digit_order_number_with_a_wrong_check_digit_is_not_flagged(first11):
    order = wrong_check_digit(first11)
    assert not is_mynumber(order)
    assert rules(f"注文番号 {order} の件") == []
    assert rules(f"注文番号 {order[:4]}-{order[4:8]}-{order[8:]} の件") == []


def test_longer_digit_runs_are_not_read_as_individual_numbers():
    number = with_check_digit("12345678901")
    assert rules(f"伝票 9{number}7") == []  # 14 digits: not a 12-digit number inside a longer one


@pytest.mark.parametrize(
    "card", ["4111 1111 1111 1111", "4111-1111-1111-1111", "5555555555554444", "3530 1113 3330 0000", "378282246310005"]
)
def test_card_numbers_are_found_by_brand_and_luhn(card):
    assert rules(f"カード {card} で決済") == ["card"]


@pytest.mark.parametrize("digits", ["4111111111111112", "1234567812345670", "9999999999999995"])
def test_numbers_failing_luhn_or_without_a_card_prefix_are_not_cards(digits):
    assert not is_card(digits)
    assert rules(f"管理番号 {digits}") == []


@pytest.mark.parametrize("phone", [
    "03-1234-5678", "(03)1234-5678", "045-123-4567", "090-1234-5678", "09012345678", "080 1234 5678", "0120-123-456", "+81-3-1234-5678",
    "+81 90 1234 5678"
])
def test_japanese_phone_numbers_are_found(phone):
    assert rules(f"連絡先 {phone} まで") == ["phone"], phone


@pytest.mark.parametrize("text", ["2026-11-26 に開催", "0312345678", "版 1.0.3", "HOJO-12 を参照", "03-1234", "手順 0-1-2"])
def test_dates_keys_and_bare_digits_are_not_phone_numbers(text):
    assert rules(text) == []


def test_phone_numbers_and_addresses_can_be_switched_off():
    config = Config(guard=GuardConfig(phone=False, postal_address=False))
    assert rules("電話 03-1234-5678 住所 〒100-8901 東京都千代田区霞が関1-3-1", config) == []


@pytest.mark.parametrize("text", [
    "〒100-8901", "〒 100-8901", "東京都千代田区霞が関1-3-1", "住所は大阪府大阪市北区梅田2丁目4番9号", "千代田区霞が関二丁目1番2号",
    "横浜市中区本町6-50-10"
])
def test_postcodes_and_street_addresses_are_found(text):
    assert "address" in rules(text), text


@pytest.mark.parametrize("text", ["東京都の事業者が対象", "市区町村単位で公開すると特定される", "区分 1-2 を確認", "第3区画の件"])
def test_place_names_without_a_street_address_are_not_addresses(text):
    assert rules(text) == []


def test_only_mail_addresses_of_non_members_are_found():
    assert rules("sato@outside.example に送付") == ["email"]
    assert rules("yamada@example.go.jp と TARO@home.example に送付") == []  # a member and an alias
    assert rules("hojo-toiawase@example.go.jp と tracker@example.go.jp") == []  # the tracker's own addresses
    assert rules("someone@partner.example") == []  # a domain listed under guard.addresses


@pytest.mark.parametrize("text", [
    "-----BEGIN OPENSSH PRIVATE KEY-----",
    "token: ghp_abcdefghijklmnopqrstuvwxyz0123456789",
    "AKIAIOSFODNN7EXAMPLE",
    "https://admin:s3cretpass@stg.example.jp/",
    "password = 'Tr0ub4dor&3'",
    "検証環境のパスワードは Passw0rd! です",
    "暗証番号: 4721",
])
def test_secrets_are_found(text):
    assert rules(text) == ["secret"], text


@pytest.mark.parametrize("text", [
    "パスワードは別途お送りします", "パスワード: ********", "パスワードの有効期限を 90 日にする",
    "commit 3f2a9c1b7d4e5f60718293a4b5c6d7e8f9012345"
])
def test_talk_about_passwords_is_not_a_secret(text):
    assert rules(text) == []


def test_marker_words_stand_apart_from_longer_words():
    assert rules("【秘】 予算要求資料") == ["marker"]
    assert rules("本資料は取扱注意とする") == ["marker"]
    assert rules("秘匿処理の方針") == []  # 秘 inside a word is not the marker
    assert rules("極秘") == []


def test_no_markers_are_looked_for_unless_the_office_lists_them():
    assert rules("【秘】 取扱注意", Config()) == []


def test_what_is_shown_is_masked_and_the_fingerprint_is_stable():
    number = with_check_digit("12345678901")
    [hit] = Guard(CONFIG).text(f"line one\n番号 {number}", first_line=10)
    assert (hit.line, hit.col) == (11, 4)
    assert hit.shown == "********" + number[-4:] and number not in hit.shown
    assert hit.fingerprint == fingerprint("mynumber", number)
    [again] = Guard(CONFIG).text(f"別の場所 {number[:4]} {number[4:8]} {number[8:]}")
    assert again.fingerprint == hit.fingerprint  # the same number, written otherwise


def test_a_listed_fingerprint_allows_that_value_only():
    allowed = Guard(CONFIG).text("代表 03-1234-5678")[0].fingerprint
    config = Config(guard=GuardConfig(allow=(allowed,)))
    assert rules("代表 03-1234-5678", config) == []
    assert rules("代表 03-1234-9999", config) == ["phone"]


def test_an_inline_marker_allows_its_own_line_and_only_the_named_rules():
    assert rules("代表 03-1234-5678 <!-- tsuzuri:allow phone -->") == []
    assert rules("代表 03-1234-5678 〒100-8901 <!-- tsuzuri:allow phone -->") == ["address"]
    assert rules("代表 03-1234-5678 〒100-8901 # tsuzuri:allow") == []
    assert Guard(CONFIG).text("代表 03-1234-5678\n<!-- tsuzuri:allow -->")[0].line == 1  # the next line is not this one
    assert [h.rule for h in Guard(CONFIG).text("03-1234-5678 <!-- tsuzuri:allow -->", inline_allow=False)] == ["phone"]


FINDABLE = [
    with_check_digit("12345678901"), "4111 1111 1111 1111", "03-1234-5678", "〒100-8901 東京都千代田区霞が関1丁目3番1号",
    "someone@outside.example", "password = hunter2hunter2", "AKIAIOSFODNN7EXAMPLE", "【秘】", "取扱注意", "ｐａｓｓｗｏｒｄ：ｘ",
    "秘", "東京都港区芝公園4-2-8", "0120-123-456",
]
PLAIN = ["課題 1: 画面50の確認", "タスク", "未対応", "2026/09/13", "令和8年9月23日", "詳細\n再現手順を記載。", "", "極秘", "担当 07", "1-2"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(FINDABLE + PLAIN), st.text(max_size=40)), max_size=6))
def test_one_quick_look_at_several_texts_misses_nothing_the_guard_finds_in_any_of_them(texts):
    guard = Guard(CONFIG)
    if any(guard.text(t) for t in texts):
        assert guard.may_find(*texts)
    if not guard.may_find(*texts):
        assert all(guard.text(t) == [] for t in texts)


def test_texts_with_nothing_to_find_need_no_closer_look():
    guard = Guard(CONFIG)
    assert all(guard.text(value) for value in FINDABLE) and not any(guard.text(value) for value in PLAIN)
    assert not guard.may_find(*PLAIN)
    assert all(guard.may_find(*PLAIN, value) for value in FINDABLE)
