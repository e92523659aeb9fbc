"""The message catalog: every finding and CLI message in English and Japanese.

A producer makes a ``Message`` from a message id and its parameters; it reads as its
English text wherever a plain string is expected, and ``render(lang)`` turns the same
message into any catalog language at the edge (the CLI, the site). Codes of findings
stay language-independent; only their words live here.

Every word a person reads is here, under a namespace: finding ids (``ref.*``, ``schema.*``,
``yaml.*`` ...), ``cli.*``, ``site.*`` (pages and the plugin), ``mail.*``, ``chart.*``,
``csv.*`` (exported headers), ``field.*`` (the one set of issue field labels). English
counts use plural choices (``{count} {count:|issue|issues}``), never "(s)".
"""

from __future__ import annotations

import string
from collections.abc import Mapping

from tsuzuri.messages.en import EN
from tsuzuri.messages.ja import JA

LANGUAGES = ("ja", "en")
DEFAULT_LANGUAGE = "ja"
ENV_VAR = "TSUZURI_LANG"


class Message(str):
    """A catalog message: its id and parameters, reading as its text in one language."""

    id: str
    lang: str
    params: dict

    def __new__(cls, message_id: str, /, *, lang: str = "en", **params):
        self = super().__new__(cls, _format(lang, message_id, params))
        self.id = message_id
        self.lang = lang
        self.params = params
        return self

    def render(self, lang: str) -> str:
        """Return the message's text in ``lang``."""
        return _format(lang, self.id, self.params)

    def __reduce__(self):  # copy, deepcopy (dataclasses.asdict) and pickle keep the id
        return (_rebuild, (self.id, self.lang, self.params))


def _rebuild(message_id: str, lang: str, params: dict) -> Message:
    return Message(message_id, lang=lang, **params)


def localized(text: str, lang: str | None) -> str:
    """Return ``text`` in ``lang`` if it is a catalog message (plain strings as they are)."""
    if lang and isinstance(text, Message):
        return text.render(lang)
    return str(text)


def say(lang: str, message_id: str, /, **params) -> str:
    """Return the catalog text ``message_id`` in ``lang``, filled in with ``params``."""
    return _format(lang, message_id, params)


def choose(option: str | None, env: Mapping[str, str], configured: str | None) -> str:
    """Pick the language: the command-line option, then TSUZURI_LANG, then tsuzuri.yml's ``language``.

    Raises ValueError for an unsupported TSUZURI_LANG, so a typo is not silently ignored.
    """
    if option:
        return option
    from_env = env.get(ENV_VAR, "").strip()
    if from_env:
        if from_env not in LANGUAGES:
            raise ValueError(
                say(configured if configured in LANGUAGES else DEFAULT_LANGUAGE, "cli.bad-env-lang", var=ENV_VAR, value=from_env)
            )
        return from_env
    return configured if configured in LANGUAGES else DEFAULT_LANGUAGE


def field_label(lang: str, name: str) -> str:
    """Return the word for issue field ``name`` in ``lang`` (the name itself when the catalog has none)."""
    message_id = f"field.{name}"
    return say(lang, message_id) if message_id in CATALOG["en"] else name


def heading(word: str) -> str:
    """Return a word as it heads a column or a line: its first letter upper-case (scripts without case stay)."""
    return word[:1].upper() + word[1:]


def phrases(lang: str, namespace: str) -> dict[str, str]:
    """Return every entry under ``namespace.`` in ``lang``, keyed by the rest of its id, unformatted.

    For templates and tables that look words up by name (the site's ``m.title``).
    """
    prefix = namespace + "."
    return {message_id[len(prefix):]: text(lang, message_id) for message_id in CATALOG["en"] if message_id.startswith(prefix)}


def text(lang: str, message_id: str) -> str:
    """Return the entry ``message_id`` in ``lang``, unformatted (the one fallback rule applies)."""
    return _entry(lang, message_id)


CATALOG = {"en": EN, "ja": JA}
FALLBACK_LANGUAGE = "en"
"""The one fallback rule: a language the catalog lacks, or an id a language lacks, reads in English."""


def _entry(lang: str, message_id: str) -> str:
    found = CATALOG.get(lang, {}).get(message_id)
    return found if found is not None else CATALOG[FALLBACK_LANGUAGE][message_id]


class _Formatter(string.Formatter):
    """str.format plus plural choices: ``{count:|issue|issues}`` is "issue" for 1, else "issues"."""

    def format_field(self, value, format_spec: str):
        if format_spec.startswith("|"):
            one, _, other = format_spec[1:].partition("|")
            return one if value == 1 else other
        return super().format_field(value, format_spec)


_FORMATTER = _Formatter()


def _format(lang: str, message_id: str, params: Mapping) -> str:
    values = {k: (v.render(lang) if isinstance(v, Message) else v) for k, v in params.items()}
    return _FORMATTER.vformat(_entry(lang, message_id), (), values)
