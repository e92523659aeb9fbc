"""Check that each commit changed only the issue fields its author's organization may change."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tsuzuri import layout
from tsuzuri.changes.diff import same_choice
from tsuzuri.messages import say
from tsuzuri.model import AuthorityRule, Config
from tsuzuri.store import gitrepo
from tsuzuri.store.history import field_changes, member_for_email

_ISSUE_RE = layout.ISSUE_FILE_RE


@dataclass(frozen=True, slots=True)
class Violation:
    commit: str
    email: str
    member: str
    org: str
    key: str
    field: str
    rule_number: int  # 1-based position under `authority:` in tsuzuri.yml
    rule: AuthorityRule

    def message(self, lang: str = "en") -> str:
        """Return the violation as one sentence in ``lang``."""
        if self.member:
            who = say(lang, "authority.who", member=self.member, org=self.org)
        else:
            who = say(lang, "authority.who-unknown", email=self.email)
        separator = say(lang, "diff.list-separator")
        scope = say(lang, "authority.scope", projects=separator.join(self.rule.projects)) if self.rule.projects else ""
        return say(
            lang, "authority.violation", commit=self.commit[:10], who=who, field=self.field, key=self.key,
            number=self.rule_number, fields=separator.join(self.rule.fields), scope=scope,
            organizations=separator.join(self.rule.organizations),
        )


def rules_for(config: Config, project: str, field: str) -> list[tuple[int, AuthorityRule]]:
    """Return the numbered rules that protect ``field`` in ``project``."""
    return [
        (n, rule) for n, rule in enumerate(config.authority, 1)
        if field in rule.fields and (not rule.projects or project in rule.projects)
    ]


def check_authority(root: Path, config: Config, base: str, head: str = "HEAD") -> list[Violation]:
    """Return every protected field change in ``base..head`` made by someone the rules do not allow."""
    if not config.authority:
        return []
    commits = gitrepo.log(root, f"{gitrepo.rev(root, base)}..{gitrepo.rev(root, head)}", paths=("issues",))
    blobs = gitrepo.read_blobs(
        root, [s for _, changes in commits for c in changes if c.status == "M" and _ISSUE_RE.match(c.path) for s in (c.old, c.new)]
    )
    found = []
    for commit, changes in commits:
        member_id = member_for_email(config, commit.email)
        member = config.member(member_id)
        org = member.org if member else ""
        for ch in changes:
            m = _ISSUE_RE.match(ch.path)
            # Only edits are checked: whoever opens an issue may fill in its fields.
            if not m or ch.status != "M":
                continue
            old, new = (gitrepo.front_fields(blobs.get(s)) for s in (ch.old, ch.new))
            for change in field_changes(m.group(2), old, new, member_id, commit):
                if same_choice(config, change.field, change.old, change.new):
                    continue  # `open` rewritten as its label `未対応` changes nothing
                for number, rule in rules_for(config, m.group(1), change.field):
                    if org not in rule.organizations:
                        found.append(Violation(commit.sha, commit.email, member_id, org, m.group(2), change.field, number, rule))
    return found
