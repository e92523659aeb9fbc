"""The audiences of a tracker: one per organization, plus those tsuzuri.yml declares."""

from __future__ import annotations

from dataclasses import dataclass

from tsuzuri.errors import TsuzuriError
from tsuzuri.messages import Message
from tsuzuri.model import Config

INTERNAL = "internal"
"""The visibility word for "the office only"."""


@dataclass(frozen=True)
class Audience:
    """Who one published site is for: the organizations it speaks for and the projects it sees."""

    id: str
    name: str
    organizations: frozenset[str]
    projects: frozenset[str]
    internal: bool = False  # the office: sees internal items and every narrowed item

    def sees_project(self, key: str) -> bool:
        """Tell whether this audience sees the project ``key`` at all."""
        return key in self.projects

    def allows(self, visibility: tuple[str, ...]) -> bool:
        """Tell whether an item with this ``visibility:`` is shown (empty: everyone who sees its project)."""
        if self.internal or not visibility:
            return True
        return bool(self.organizations.intersection(visibility))


class UnknownAudience(TsuzuriError):
    """An audience id that the tracker does not have; ``message`` names the known ones."""

    def __init__(self, message: Message):
        super().__init__(message)
        self.message = message


def audiences_of(config: Config) -> list[Audience]:
    """Return every audience of the tracker: one per organization, then the declared ones (which may replace them)."""
    found: dict[str, Audience] = {}
    offices = {o.id for o in config.organizations if o.role == "office"}
    for org in config.organizations:
        internal = org.id in offices
        projects = frozenset(p.key for p in config.projects if internal or org.id in p.organizations)
        found[org.id] = Audience(org.id, org.name, frozenset({org.id}), projects, internal)
    for declared in config.audiences:
        orgs = frozenset(declared.organizations)
        internal = declared.internal or bool(orgs & offices)
        if declared.projects:
            projects = frozenset(declared.projects)
        else:
            projects = frozenset(p.key for p in config.projects if internal or orgs.intersection(p.organizations))
        found[declared.id] = Audience(declared.id, declared.name or declared.id, orgs, projects, internal)
    return list(found.values())


def audience_named(config: Config, audience_id: str) -> Audience:
    """Return the audience with this id; raise UnknownAudience naming the known ones."""
    known = audiences_of(config)
    for audience in known:
        if audience.id == audience_id:
            return audience
    raise UnknownAudience(Message("audience.unknown", audience=audience_id, known=", ".join(a.id for a in known)))
