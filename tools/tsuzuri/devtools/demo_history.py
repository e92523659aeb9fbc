"""Give a demo tracker a believable Git history: who opened, moved and commented what, and when.

The files of ``source`` are replayed into a new repository at ``dest`` as back-dated
commits by the members themselves: the settings first, then each issue opened by its
reporter in the first status and moved status by status (by its assignee) to the status
it has now, each comment by its author at its date, each meeting's minutes on its day,
each shared file by the first person whose text links to it, just before that text.
The last commit leaves every file exactly as it is in ``source``, except that a project
given with ``--baseline PROJECT=TAG`` gets a history for its plan: its WBS is first
committed as an earlier, tighter plan (shorter durations) tagged TAG, then revised to its
present form with a ``baseline: TAG`` line, so the site has a baseline and slips to draw.
(The source keeps no ``baseline:`` line of its own: a fresh clone of it has no such tag.)

Usage: python -m tsuzuri.devtools.demo_history SOURCE DEST [--today YYYY-MM-DD] [--baseline HOJO=plan-baseline]
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from tsuzuri.layout import linked_path
from tsuzuri.model import Config, Issue
from tsuzuri.store import gitrepo, load
from tsuzuri.store.edit import edit_front_matter
from tsuzuri.validate.shared_links import text_links


@dataclass(frozen=True)
class Step:
    when: datetime
    author: str
    message: str
    files: tuple[tuple[str, bytes], ...]
    tags: tuple[str, ...] = ()  # tags to put on this commit


def _at(day: date, hour: int, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time(hour), zone)


def _identity(config: Config, member_id: str) -> str:
    member = config.member(member_id)
    name = member.name if member else member_id or "tsuzuri"
    email = member.email if member and member.email else f"{member_id or 'tsuzuri'}@example.invalid"
    return f"{name} <{email}>"


def _issue_steps(source: Path, issue: Issue, config: Config, opened: datetime, today: datetime) -> list[Step]:
    final = (source / issue.path).read_bytes()
    statuses = [s.id for s in config.statuses]
    target = statuses.index(issue.status) if issue.status in statuses else 0
    files = [(a.path, (source / a.path).read_bytes()) for a in issue.attachments]
    if target == 0:
        return [Step(opened, issue.reporter, f"Open {issue.key}", ((issue.path, final), *files))]
    text = final.decode("utf-8")
    first = edit_front_matter(text, {"status": statuses[0]}).encode("utf-8")
    steps = [Step(opened, issue.reporter, f"Open {issue.key}", ((issue.path, first), *files))]
    end = min(_at(issue.due, 17, opened.tzinfo), today) if issue.due else today
    end = max(end, opened + timedelta(hours=target))
    for k in range(1, target + 1):
        # Office hours on the day that far along, so the demo timeline reads like real work.
        when = max(_at((opened + (end - opened) * k / (target + 1)).date(), 9 + 2 * k, opened.tzinfo), opened + timedelta(hours=k))
        status = statuses[k]
        content = final if k == target else edit_front_matter(text, {"status": status}).encode("utf-8")
        mover = issue.reporter if status in config.done_ids else (issue.assignee or issue.reporter)
        steps.append(Step(when, mover, f"{issue.key}: {config.label('statuses', status)}", ((issue.path, content),)))
    return steps


def _files(source: Path) -> list[Path]:
    """Return the files to copy: in a Git checkout the ones Git keeps (no .venv, build output or caches)."""
    if (source / ".git").exists():
        return sorted(source / name for name in set(gitrepo.listed_files(source)) if (source / name).is_file())
    return sorted(p for p in source.rglob("*") if p.is_file())


def plan(source: Path, today: date, baselines: dict[str, str] | None = None) -> list[Step]:
    """Return the commits that rebuild ``source`` with a history, oldest first."""
    loaded = load(source)
    tracker = loaded.tracker
    config = tracker.config
    zone = ZoneInfo(config.timezone)
    now = _at(today, 18, zone)
    days = [i.start for i in tracker.issues.values() if i.start] + [m.date for m in tracker.minutes if m.date]
    origin = _at(min(days, default=today) - timedelta(days=7), 9, zone)
    office = next((m.id for m in config.members if config.organization(m.org) and config.organization(m.org).role == "office"), "")
    settings = [
        p
        for p in _files(source)
        if p.is_file() and p.relative_to(source).parts[0] not in ("issues", "minutes", "files", ".git", "site", ".tsuzuri-cache")
    ]
    files = {p.relative_to(source).as_posix(): p.read_bytes() for p in settings}
    steps, tags = [], []
    for wbs in tracker.wbs.values():
        tag = (baselines or {}).get(wbs.project) or wbs.baseline
        if tag and wbs.path in files:
            # The plan as first agreed: committed with the settings, tagged, revised halfway to today.
            final = files[wbs.path] if wbs.baseline else with_baseline(files[wbs.path], tag)
            files[wbs.path] = earlier_plan(files[wbs.path])
            steps.append(Step(origin + (now - origin) / 2, office, f"Revise the {wbs.project} plan", ((wbs.path, final),)))
            tags.append(tag)
    steps.append(Step(origin, office, "Start the tracker", tuple(files.items()), tuple(dict.fromkeys(tags))))
    for issue in tracker.issues.values():
        opened = (
            _at(issue.start, 10, zone)
            if issue.start
            else (_at(issue.due, 10, zone) - timedelta(days=14) if issue.due else origin + timedelta(hours=1))
        )
        if opened > now:
            # Work planned for later was filed in the last weeks, not all at once this evening.
            opened = _at(today - timedelta(days=1 + issue.number % 20), 9 + issue.number % 8, zone)
        opened = max(opened, origin + timedelta(minutes=1))
        steps += _issue_steps(source, issue, config, opened, now)
        for c in issue.comments:
            when = c.date if c.date and c.date.tzinfo else opened + timedelta(hours=2)
            steps.append(
                Step(
                    max(when, opened + timedelta(minutes=1)),
                    c.author,
                    f"Comment on {issue.key}",
                    ((c.path, (source / c.path).read_bytes()),),
                )
            )
    for m in tracker.minutes:
        when = _at(m.date, 17, zone) if m.date else origin
        steps.append(
            Step(when, m.attendees[0] if m.attendees else office, f"Minutes: {m.title}", ((m.path, (source / m.path).read_bytes()),))
        )
    steps += _shared_steps(source, tracker, sorted(steps, key=lambda s: s.when), origin, office)
    return sorted(steps, key=lambda s: s.when)


def _shared_steps(source: Path, tracker, steps: list[Step], origin: datetime, office: str) -> list[Step]:
    """Add each shared file shortly before the first text that links to it, by that text's author."""
    first: dict[str, Step] = {}
    for step in steps:
        for path, data in step.files:
            if path.endswith(".md") and b"files/" in data:
                for _, target in text_links(data.decode("utf-8", "replace")):
                    linked = linked_path(target, path)
                    if linked is not None:
                        first.setdefault(linked, step)
    added = []
    for f in tracker.shared:
        step = first.get(f.path)
        when, who = (step.when - timedelta(minutes=30), step.author) if step else (origin + timedelta(days=1), office)
        added.append(
            Step(
                max(when, origin + timedelta(minutes=1)), who, f"Share {f.name} ({f.project})", ((f.path, (source / f.path).read_bytes()),)
            )
        )
    return added


_DURATION_RE = re.compile(r"(duration:\s*)(\d+)d")


def earlier_plan(text: bytes) -> bytes:
    """Return a WBS file with every duration a fifth shorter: the plan before it slipped."""
    return _DURATION_RE.sub(lambda m: f"{m.group(1)}{max(1, round(int(m.group(2)) * 0.8))}d", text.decode("utf-8")).encode("utf-8")


def with_baseline(text: bytes, tag: str) -> bytes:
    """Return a WBS file that names ``tag`` as its baseline, on a line after its opening comments."""
    lines = text.decode("utf-8").split("\n")
    at = next((i for i, line in enumerate(lines) if not line.startswith("#")), len(lines))
    lines[at:at] = ["# ベースライン: 計画を確定した時点の Git タグ。ガントに当時の計画と遅れ(稼働日)を表示する。", f"baseline: {tag}"]
    return "\n".join(lines).encode("utf-8")


def _stream(config, steps: list[Step]):
    """Yield the ``git fast-import`` commands that commit ``steps`` on main, then tag the baselines."""
    tags = []
    for mark, step in enumerate(steps, 1):
        who = _identity(config, step.author)
        stamp = f"{int(step.when.timestamp())} {step.when.strftime('%z')}"
        message = step.message.encode("utf-8")
        yield f"commit refs/heads/main\nmark :{mark}\nauthor {who} {stamp}\ncommitter {who} {stamp}\n".encode()
        tags += [(name, mark) for name in step.tags]
        yield b"data %d\n%s\n" % (len(message), message)
        for path, data in step.files:
            yield f"M 100644 inline {path}\n".encode() + b"data %d\n" % len(data) + data + b"\n"
        yield b"\n"
    for name, mark in tags:
        yield f"reset refs/tags/{name}\nfrom :{mark}\n\n".encode()


def replay(source: Path, dest: Path, today: date, baselines: dict[str, str] | None = None) -> int:
    """Write the planned commits into a new repository at ``dest``; return how many there are."""
    config = load(source).tracker.config
    steps = plan(source, today, baselines)
    gitrepo.new_repository(dest, _stream(config, steps))
    return len(steps)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("source", type=Path)
    parser.add_argument("dest", type=Path)
    parser.add_argument("--today", type=date.fromisoformat, default=date.today())
    parser.add_argument(
        "--baseline", action="append", default=[], metavar="PROJECT=TAG", help="Give PROJECT's plan a history and a baseline tag."
    )
    args = parser.parse_args(argv)
    try:
        baselines = dict(item.split("=", 1) for item in args.baseline)
    except ValueError:
        parser.error("--baseline takes PROJECT=TAG")
    if args.dest.exists() and any(args.dest.iterdir()):
        parser.error(f"{args.dest} is not empty")
    count = replay(args.source, args.dest, args.today, baselines)
    print(f"{count} commits written to {args.dest}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
