"""Build real-shaped mails the way Japanese clients write them."""

from __future__ import annotations

import base64
import quopri
from email.message import EmailMessage
from email.policy import SMTP


def encoded_word(text: str, charset: str, codec: str) -> str:
    """Return a MIME B encoded-word as a mail client writes it."""
    return f"=?{charset}?B?{base64.b64encode(text.encode(codec)).decode()}?="


def raw_mail(headers: dict[str, str], body: bytes, charset: str, cte: str = "7bit", subtype: str = "plain") -> bytes:
    """Assemble a single-part mail from ready-encoded headers and body bytes."""
    if cte == "base64":
        body = base64.encodebytes(body)
    elif cte == "quoted-printable":
        body = quopri.encodestring(body)
    head = {"MIME-Version": "1.0", **headers, "Content-Type": f"text/{subtype}; charset={charset}", "Content-Transfer-Encoding": cte}
    return "".join(
        f"{k}: {v}\r\n" for k, v in head.items()
    ).encode("ascii") + b"\r\n" + body.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")


def utf8_mail(sender: str, to: str, subject: str, text: str, message_id: str, **headers) -> EmailMessage:
    """Return a UTF-8 mail built with the standard library."""
    msg = EmailMessage(policy=SMTP)
    msg["From"] = sender
    msg["To"] = to
    msg["Subject"] = subject
    msg["Date"] = "Mon, 23 Nov 2026 10:15:00 +0900"
    msg["Message-ID"] = message_id
    for name, value in headers.items():
        msg[name.replace("_", "-")] = value
    msg.set_content(text, cte="quoted-printable")
    return msg
