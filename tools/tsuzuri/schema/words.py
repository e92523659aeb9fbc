"""The words of the schema: each file kind's and field's description and label, read from the catalog.

The declaration (``schema/kinds.py``) holds no words. A field's description is the catalog entry
``schema.doc.<object>.<field>``, where ``<object>`` names the object field it belongs to (``issue``,
``member``, ``item`` for a WBS item ...); its label is the issue field label ``field.<field>`` for an
issue, else ``field.<object>.<field>``; a kind's description is ``schema.kind.<kind>``. The JSON
Schema files, the field reference and the forms read them here; the validator's "did you mean" reads
the labels through ``schema.declare``.
"""

from __future__ import annotations

from tsuzuri.messages import CATALOG, text
from tsuzuri.schema.declare import Field, Kind, doc_id, label_id


def description(lang: str, parent: Field, field: Field) -> str:
    """Return the description of ``field`` in ``lang`` ("" when the catalog has none)."""
    return _optional(lang, doc_id(parent, field))


def label(lang: str, parent: Field, field: Field) -> str:
    """Return the label of ``field`` in ``lang`` ("" when the catalog has none)."""
    return _optional(lang, label_id(parent, field))


def kind_description(lang: str, kind: Kind) -> str:
    """Return what a file kind is, in ``lang``."""
    return text(lang, f"schema.kind.{kind.name}")


def _optional(lang: str, message_id: str) -> str:
    return text(lang, message_id) if message_id in CATALOG["en"] else ""
