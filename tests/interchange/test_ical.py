from datetime import date, datetime, timedelta, timezone

from tsuzuri.interchange.ical import Event, calendar_text, escape_text, fold

STAMP = datetime(2026, 11, 26, 9, 0, tzinfo=timezone(timedelta(hours=9)))


def unfold(text: str) -> str:
    return text.replace("\r\n ", "")


def test_escape_text():
    assert escape_text("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"


def test_fold_keeps_every_line_within_75_octets_and_never_splits_a_character():
    line = "SUMMARY:" + "要件定義書作成のレビュー" * 10
    folded = fold(line)
    parts = folded.split("\r\n")
    assert len(parts) > 1
    assert all(len(p.encode("utf-8")) <= 75 for p in parts)
    assert all(p.startswith(" ") for p in parts[1:])
    assert unfold(folded) == line
    assert fold("SHORT:x") == "SHORT:x"


def test_calendar_has_crlf_all_day_events_and_utc_stamp():
    text = calendar_text([
        Event("issue-MIRA-12@tsuzuri", "MIRA-12 入力チェック, 仕様", date(2026, 11, 30), description="1行目\n2行目"),
        Event("wbs-MIRA-1@tsuzuri", "設計", date(2026, 12, 1), end=date(2026, 12, 3), categories=("MIRA",)),
    ], STAMP, name="MIRA")
    assert text.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:")
    assert text.endswith("END:VCALENDAR\r\n")
    assert "\n" not in text.replace("\r\n", "")
    lines = unfold(text).split("\r\n")
    assert "DTSTAMP:20261126T000000Z" in lines
    assert "DTSTART;VALUE=DATE:20261130" in lines and "DTEND;VALUE=DATE:20261201" in lines
    assert "DTEND;VALUE=DATE:20261204" in lines  # the inclusive last day 12/3, exclusive in iCalendar
    assert "SUMMARY:MIRA-12 入力チェック\\, 仕様" in lines
    assert "DESCRIPTION:1行目\\n2行目" in lines
    assert "CATEGORIES:MIRA" in lines
    assert lines.count("BEGIN:VEVENT") == 2 == lines.count("END:VEVENT")


def test_uids_are_unique_per_tracker():
    from tsuzuri.interchange.ical import uid_host
    from tsuzuri.model import Config, Project

    office = Config(title="見本省 課題管理", projects=(Project("MIRA", "a"),))
    other = Config(title="別の省 課題管理", projects=(Project("MIRA", "a"),))
    assert uid_host(office) == uid_host(Config(title="見本省 課題管理", projects=(Project("MIRA", "a"),)))
    assert uid_host(office) != uid_host(other)
    published = Config(title="x", site_url="https://tracker.example.go.jp/office/")
    assert uid_host(published) == "office.tracker.example.go.jp"
