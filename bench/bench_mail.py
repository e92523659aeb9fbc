"""Benchmark mail ingest: replies in an mbox to the issues of a generated tracker.

Usage: python bench/bench_mail.py [--issues 1000] [--sizes 1000,5000]
Each size runs in a fresh process, so peak memory (ru_maxrss) is comparable between sizes.
"""

from __future__ import annotations

import argparse
import json
import mailbox
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from email.message import EmailMessage
from email.policy import SMTP
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "tools")]

import corpus  # noqa: E402  (bench/ is put on sys.path above)

from tsuzuri.mail.ingest import ingest  # noqa: E402
from tsuzuri.mail.sources import from_mbox  # noqa: E402

TARGET_SECONDS = 30.0
QUOTE = (
    "\n\n-----Original Message-----\n差出人: 利用者00 <m00@example.jp>\n送信日時: 2026年11月20日 10:00\n宛先: 利用者01\n件名: 確認\n\n"
) + "以前のやり取りです。\n" * 20


def write_mbox(path: Path, n: int, n_issues: int, seed: int = 1) -> None:
    """Write ``n`` replies (UTF-8, ISO-2022-JP, Shift_JIS, HTML) to existing issues."""
    rng = random.Random(seed)
    per_project = n_issues // len(corpus.PROJECTS)
    box = mailbox.mbox(path)
    box.lock()
    for i in range(n):
        project = corpus.PROJECTS[i % len(corpus.PROJECTS)]
        key = f"{project}-{rng.randrange(1, per_project + 1)}"
        msg = EmailMessage(policy=SMTP)
        msg["From"] = f"利用者{i % 30:02d} <m{i % 30:02d}@example.jp>"
        msg["To"] = "tracker@example.jp"
        msg["Subject"] = f"Re: [{key}] {rng.choice(corpus.WORDS)}について"
        msg["Date"] = f"Mon, 23 Nov 2026 {i // 3600 % 24:02d}:{i // 60 % 60:02d}:{i % 60:02d} +0900"
        msg["Message-ID"] = f"<bench-{i}@example.jp>"
        text = f"{rng.choice(corpus.WORDS)}の件、承知しました。\n対応方針は次のとおりです。\n" + "- 確認事項\n" * 5 + QUOTE
        kind = i % 4
        if kind == 0:
            msg.set_content(text, cte="quoted-printable")
        elif kind == 1:
            msg.set_content(text, charset="iso-2022-jp", cte="7bit")
        elif kind == 2:
            msg.set_content(text.encode("cp932"), maintype="text", subtype="plain", params={"charset": "shift_jis"}, cte="base64")
        else:
            html = "<html><body>" + "".join(f"<p>{line}</p>" for line in text.split("\n")) + "</body></html>"
            msg.set_content(html, subtype="html", cte="base64")
        box.add(msg.as_bytes())
    box.flush()
    box.unlock()
    box.close()


def child(n: int, n_issues: int) -> dict:
    """Run one measured ingest in this process and return its figures."""
    with tempfile.TemporaryDirectory(prefix="tsuzuri-bench-mail-") as tmp:
        root = Path(tmp) / "tracker"
        corpus.generate(root, n_issues, comments_per_issue=1.0)
        mbox = Path(tmp) / "in.mbox"
        write_mbox(mbox, n, n_issues)
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        started = time.perf_counter()
        counts: dict[str, int] = {}
        for outcome in ingest(root, from_mbox(mbox), datetime(2026, 11, 26, tzinfo=UTC)):
            counts[outcome.kind] = counts.get(outcome.kind, 0) + 1
        elapsed = time.perf_counter() - started
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"n": n, "seconds": elapsed, "maxrss_kb": rss, "maxrss_before_kb": rss_before, "counts": counts}


def main(argv: list[str] | None = None) -> int:
    """Run each size in a fresh process and print the figures beside their targets."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--issues", type=int, default=1000)
    parser.add_argument("--sizes", default="1000,5000")
    parser.add_argument("--child", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(child(args.child, args.issues)))
        return 0
    results = []
    for n in (int(s) for s in args.sizes.split(",")):
        out = subprocess.run(
            [sys.executable, __file__, "--child", str(n), "--issues", str(args.issues)], check=True, capture_output=True, text=True
        )
        result = json.loads(out.stdout)
        results.append(result)
        target = f"(target < {TARGET_SECONDS * n / 5000:.0f} s)" if n != 5000 else f"(target < {TARGET_SECONDS:.0f} s)"
        print(f"ingest {n} messages into {args.issues} issues: {result['seconds']:.1f} s {target}; "
              f"{n / result['seconds']:.0f} msg/s; {result['counts']}")
        print(f"  peak memory: {result['maxrss_kb'] / 1024:.0f} MB (before ingest: {result['maxrss_before_kb'] / 1024:.0f} MB)")
    if len(results) >= 2:
        small, large = results[0], results[-1]
        growth = (large["maxrss_kb"] - small["maxrss_kb"]) / 1024
        ratio = large["n"] / small["n"]
        print(f"peak memory {small['n']} -> {large['n']} messages ({ratio:.0f}x): {growth:+.0f} MB (target: flat, < +20 MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
