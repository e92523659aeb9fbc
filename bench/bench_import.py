"""Time importing a 20,000-row vendor issue sheet into an empty tracker, dry run and apply.

Generates a deterministic sheet (xlsx by default, or csv), plans the import, writes every
file through the staging folder and validates the result, as `tsuzuri import sheet --apply`
does. Targets: under 20 s and under 1 GB peak memory. The CPU time of the same span is printed
too: on a shared machine it varies less than the wall clock.

Usage: python bench/bench_import.py [ROWS] [xlsx|csv]
"""

from __future__ import annotations

import csv
import random
import resource
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))

from tsuzuri.interchange.mapping import ImportMap
from tsuzuri.interchange.plan import apply_plan
from tsuzuri.interchange.sheet.rows import plan_sheet
from tsuzuri.store import load
from tsuzuri.validate import findings

TARGET_SECONDS = 20
TARGET_MB = 1024
HEADER = ["件名", "種別", "状態", "優先度", "担当者", "開始日", "期限日", "予定時間", "実績時間", "カテゴリー", "詳細"]
CONFIG = """\
organizations: [{{id: office, name: 見本省, role: office}}, {{id: vendor-a, name: A社, role: vendor}}]
members:
{members}
projects: [{{key: MIRA, name: 情報発信サイト構築, organizations: [office, vendor-a]}}]
categories: [{{id: form, project: MIRA, label: 申請フォーム}}, {{id: design, project: MIRA, label: デザイン}}]
"""


def rows(n: int):
    """Yield n deterministic sheet rows in the office's style."""
    rng = random.Random(7)
    base = date(2026, 4, 1)
    for i in range(n):
        start = base + timedelta(days=rng.randrange(300))
        due = start + timedelta(days=rng.randrange(1, 40))
        yield [
            f"課題 {i + 1}: 画面{rng.randrange(90)}の確認", rng.choice(["タスク", "バグ", "要望"]),
            rng.choice(["未対応", "処理中", "処理済み", "完了"]), rng.choice(["高", "中", "低"]), f"担当 {rng.randrange(30):02d}",
            start.strftime("%Y/%m/%d"), f"令和8年{due.month}月{due.day}日" if due.year == 2026 else due.isoformat(),
            rng.choice([1, 2.5, 4, 8]), rng.choice([None, 1, 3]), rng.choice(["申請フォーム", "デザイン", ""]),
            f"詳細 {i + 1}\n再現手順を記載。",
        ]


def write_sheet(path: Path, n: int) -> None:
    """Write the generated sheet as xlsx (write-only mode) or csv."""
    if path.suffix == ".csv":
        with path.open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(HEADER)
            writer.writerows(rows(n))
        return
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    ws = book.create_sheet("課題一覧")
    ws.append(["A社 課題管理表"])
    ws.append([])
    ws.append(HEADER)
    for row in rows(n):
        ws.append(row)
    book.save(path)


def main(argv: list[str]) -> int:
    """Run the benchmark and print each figure beside its target."""
    n = int(argv[0]) if argv else 20_000
    kind = argv[1] if len(argv) > 1 else "xlsx"
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "tracker"
        (root / "issues" / "MIRA").mkdir(parents=True)
        members = "\n".join(f"  - {{id: m{i:02d}, name: 担当 {i:02d}, org: vendor-a}}" for i in range(30))
        (root / "tsuzuri.yml").write_text(CONFIG.format(members=members), encoding="utf-8")
        sheet = Path(tmp) / f"vendor.{kind}"
        write_sheet(sheet, n)
        started, cpu_started = time.perf_counter(), time.process_time()
        loaded = load(root)
        plan = plan_sheet(loaded, sheet, "MIRA", ImportMap())
        planned = time.perf_counter()
        written = apply_plan(root, plan, findings)
        done, cpu = time.perf_counter(), time.process_time() - cpu_started
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        assert plan.count("create") == n, plan.count("create")
        print(f"import {n} rows ({kind}): read + plan {planned - started:.1f} s, write + validate {done - planned:.1f} s")
        print(f"import {n} rows ({kind}): {done - started:.1f} s (target < {TARGET_SECONDS} s), {written} files")
        print(f"import {n} rows ({kind}): CPU time of the process {cpu:.1f} s (steadier than the wall clock on a busy machine)")
        print(f"peak memory: {peak_mb:.0f} MB (target < {TARGET_MB} MB)")
        return 0 if done - started < TARGET_SECONDS and peak_mb < TARGET_MB else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
