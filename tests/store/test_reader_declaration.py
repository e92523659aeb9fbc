"""The reader is made from the declaration: a record takes every field it shares with its declared kind, unrestated."""

from __future__ import annotations

from dataclasses import MISSING, fields
from datetime import date

import pytest

from tsuzuri.model import (
    AudienceConfig,
    AuthorityRule,
    CalendarConfig,
    Category,
    Choice,
    Config,
    CustomField,
    GuardConfig,
    ImportLimits,
    IssueListConfig,
    Member,
    Milestone,
    Organization,
    Project,
)
from tsuzuri.schema.declare import Field
from tsuzuri.schema.kinds import CONFIG
from tsuzuri.store.reader import build_config

# (the config's field, the record it becomes, whether it is a list of them)
RECORDS = [
    ("organizations", Organization, True), ("members", Member, True), ("projects", Project, True),
    ("statuses", Choice, True), ("types", Choice, True), ("priorities", Choice, True),
    ("milestones", Milestone, True), ("categories", Category, True), ("custom_fields", CustomField, True),
    ("authority", AuthorityRule, True), ("audiences", AudienceConfig, True),
    ("calendar", CalendarConfig, False), ("import", ImportLimits, False), ("guard", GuardConfig, False),
    ("issue_list", IssueListConfig, False),
]
COMPUTED = {("calendar", "holidays")}  # "none" in the file is "" in the record: the one value the reader translates
FIELD_OF = {"import": "imports"}  # the config's `import:` is Config.imports (import is a Python word)


def _default(cls, name: str):
    found = next(f for f in fields(cls) if f.name == name)
    return found.default if found.default is not MISSING else None


def _sample(cls, f: Field):
    """A value of the declared type that differs from the record's default, as the schema check leaves it."""
    default = _default(cls, f.name)
    if f.enum:
        return next(e for e in reversed(f.enum) if e != default)
    samples = {"string": f"x-{f.name}", "text": f"x-{f.name}", "boolean": not default, "integer": 7, "date": date(2026, 1, 2),
               "list": (f"x-{f.name}",) if f.items is None or f.items.type != "date" else (date(2026, 1, 2),)}
    return samples[f.type]


@pytest.mark.parametrize(("name", "cls", "many"), RECORDS, ids=[r[0] for r in RECORDS])
def test_every_field_a_record_shares_with_its_declaration_comes_from_the_file(name, cls, many):
    spec = CONFIG.root.by_name[name]
    entry = {f.name: _sample(cls, f) for f in (spec.items if many else spec).fields if f.name in {g.name for g in fields(cls)}}
    shared = set(entry) - {n for kind, n in COMPUTED if kind == name}
    assert shared, name
    config = build_config({name: (entry,) if many else entry})
    record = getattr(config, FIELD_OF.get(name, name))
    record = record[0] if many else record
    assert {n: getattr(record, n) for n in shared} == {n: entry[n] for n in shared}


def test_the_config_s_own_fields_come_from_the_file_and_its_defaults_from_the_record():
    written = {"language": "en", "timezone": "Europe/Paris", "title": "x", "site_url": "https://x.example", "subset": True,
               "mail": {"smtp": {"host": "mail"}}, "forge": {"kind": "gitea"}}
    config = build_config(written)
    assert {k: getattr(config, k) for k in written} == written
    empty = build_config({})
    assert (empty.language, empty.timezone, empty.title, empty.guard, empty.imports) == (
        Config().language, Config().timezone, Config().title, GuardConfig(), ImportLimits())


def test_an_entry_lacking_what_its_record_cannot_do_without_is_left_out_and_one_lacking_only_a_declared_field_kept():
    config = build_config({"members": ({"id": "a", "name": "A"}, {"id": "b"}), "categories": ({"id": "c", "project": "P"},)})
    assert [m.id for m in config.members] == ["a"]  # `org` is required by the schema (a finding), the member is still known
    assert config.categories == ()  # a category without its label cannot be shown
