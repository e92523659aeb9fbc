"""What kind of file an attachment is, in words people use: Excel ブック, PDF, 画像 (PNG)."""

from __future__ import annotations

from pathlib import PurePosixPath

from tsuzuri.messages import say

# Media types and the word for them; the file name's extension decides where the type is vague.
_BY_TYPE = {
    "application/pdf": "pdf",
    "application/vnd.ms-excel": "excel",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "excel",
    "application/vnd.ms-excel.sheet.macroenabled.12": "excel",
    "application/msword": "word",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "word",
    "application/vnd.ms-powerpoint": "powerpoint",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": "powerpoint",
    "application/vnd.oasis.opendocument.spreadsheet": "spreadsheet",
    "application/vnd.oasis.opendocument.text": "document",
    "application/vnd.oasis.opendocument.presentation": "presentation",
    "application/zip": "zip",
    "application/x-zip-compressed": "zip",
    "application/x-7z-compressed": "archive",
    "application/x-tar": "archive",
    "application/gzip": "archive",
    "text/csv": "csv",
    "text/plain": "text",
    "text/markdown": "text",
    "text/html": "html",
    "application/json": "data",
    "application/xml": "data",
    "text/xml": "data",
    "message/rfc822": "mail",
    "text/calendar": "calendar",
}
_BY_EXTENSION = {
    ".xlsx": "excel", ".xlsm": "excel", ".xls": "excel", ".docx": "word", ".doc": "word",
    ".pptx": "powerpoint", ".ppt": "powerpoint", ".pdf": "pdf", ".csv": "csv", ".txt": "text",
    ".md": "text", ".zip": "zip", ".eml": "mail", ".ics": "calendar", ".ods": "spreadsheet",
    ".odt": "document", ".odp": "presentation", ".json": "data", ".xml": "data",
}
_BY_FAMILY = {"image": "image", "video": "video", "audio": "audio"}


def file_kind(name: str, media_type: str, lang: str) -> str:
    """Return the kind of a file in ``lang``: ``Excel ブック``, ``画像 (PNG)``, ``ファイル (.dat)``."""
    media = (media_type or "").split(";")[0].strip().lower()
    extension = PurePosixPath(name or "").suffix.lower()
    kind = _BY_TYPE.get(media) or _BY_EXTENSION.get(extension)
    if kind:
        return say(lang, f"site.file-kind.{kind}")
    family, _, subtype = media.partition("/")
    if family in _BY_FAMILY:
        detail = extension[1:].upper() if extension else subtype.split("+")[0].split(".")[-1].upper()
        return say(lang, f"site.file-kind.{_BY_FAMILY[family]}", detail=detail)
    if extension:
        return say(lang, "site.file-kind.other-extension", extension=extension)
    return say(lang, "site.file-kind.other")


KINDS = (*sorted(set(_BY_TYPE.values()) | set(_BY_EXTENSION.values())), *_BY_FAMILY.values(), "other", "other-extension")
"""Every kind this module names (their words are ``site.file-kind.<kind>`` in the catalog)."""
