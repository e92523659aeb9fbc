"""The message catalog: every finding and CLI message in English and Japanese.

A producer makes a ``Message`` from a message id and its parameters; it reads as its
English text wherever a plain string is expected, and ``render(lang)`` turns the same
message into any catalog language at the edge (the CLI, the site). Codes of findings
stay language-independent; only their words live here.
"""

from __future__ import annotations

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
            raise ValueError(say(configured if configured in LANGUAGES else DEFAULT_LANGUAGE, "cli.bad-env-lang", var=ENV_VAR, value=from_env))
        return from_env
    return configured if configured in LANGUAGES else DEFAULT_LANGUAGE


def field_label(lang: str, name: str) -> str:
    """Return the word for issue field ``name`` in ``lang`` (the name itself when the catalog has none)."""
    message_id = f"field.{name}"
    return say(lang, message_id) if message_id in CATALOG["en"] else name


CATALOG = {"en": EN, "ja": JA}


def _format(lang: str, message_id: str, params: Mapping) -> str:
    catalog = CATALOG.get(lang, CATALOG["en"])
    values = {k: (v.render(lang) if isinstance(v, Message) else v) for k, v in params.items()}
    return catalog[message_id].format(**values)
