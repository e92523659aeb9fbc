import csv
import io
from datetime import date

from tsuzuri.interchange.schedule_csv import schedule_csv, schedule_events, schedule_rows
from tsuzuri.model import Choice, Config, Dependency, Issue, Milestone, Wbs, WbsItem
from tsuzuri.planning.schedule import schedule

CONFIG = Config(
    site_url="https://example.go.jp/tracker/",
    statuses=(Choice("open", "未対応"), Choice("closed", "完了", done=True)),
    milestones=(Milestone("v1.0", "MIRA", date(2026, 12, 25), "v1.0 リリース"),),
)
ISSUES = {
    "MIRA-1": Issue("MIRA-1", "MIRA", 1, "p", "開いている", "task", "open", due=date(2026, 6, 5)),
    "MIRA-2": Issue("MIRA-2", "MIRA", 2, "p", "閉じた", "task", "closed", due=date(2026, 6, 5)),
    "X-1": Issue("X-1", "X", 1, "p", "他", "task", "open", due=date(2026, 6, 5)),
}


def plan():
    wbs = Wbs("MIRA", "wbs/MIRA.yml", (
        WbsItem("1", "設計", owner="vendor-a", children=(WbsItem("1.1", "画面設計", duration=3, progress=100),)),
        WbsItem("M1", "設計完了", milestone=True, after=(Dependency("1", 2),)),
    ), start=date(2026, 6, 1))
    return schedule(wbs, CONFIG, ISSUES, date(2026, 6, 2))


def test_rows_in_japanese():
    rows = schedule_rows(plan())
    assert rows[0][:4] == ["ID", "作業名", "階層", "親項目"]
    assert rows[1][:11] == ["1", "設計", "1", "", "サマリー", "vendor-a", "", "2026-06-01", "2026-06-03", "3", "0"]
    assert rows[2][0:5] == ["1.1", "画面設計", "2", "1", "作業"]
    assert rows[2][12] == "100"
    assert rows[3][4] == "マイルストーン" and rows[3][7] == "2026-06-05" and rows[3][16] == "1+2d"


def test_csv_has_a_bom_and_crlf_and_parses_back():
    text = schedule_csv(plan(), "en")
    assert text.startswith("\ufeffID,Title,")
    assert text.count("\r\n") == 4
    parsed = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert parsed == schedule_rows(plan(), "en")


def test_events_for_milestones_and_open_due_dates():
    events = schedule_events(plan(), CONFIG, ISSUES)
    assert [(e.uid, e.day) for e in events] == [
        ("wbs-MIRA-M1@tsuzuri", date(2026, 6, 5)),
        ("milestone-MIRA-v1.0@tsuzuri", date(2026, 12, 25)),
        ("issue-MIRA-1@tsuzuri", date(2026, 6, 5)),
    ]
    assert events[2].url == "https://example.go.jp/tracker/tracker/issues/MIRA-1/"
