"""Sample confidential values and documents for the guard's tests, made here rather than stored."""

from __future__ import annotations

import io
import zipfile

WEIGHTS = (6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2)  # the law's weights, read left to right


def with_check_digit(first11: str) -> str:
    rest = sum(int(d) * w for d, w in zip(first11, WEIGHTS, strict=True)) % 11
    return first11 + str(0 if rest <= 1 else 11 - rest)


def wrong_check_digit(first11: str) -> str:
    right = with_check_digit(first11)
    return first11 + str((int(right[-1]) + 1) % 10)


def pdf_with_lines(*pages: list[str]) -> bytes:
    """Write a small PDF whose pages show the given lines in Helvetica (ASCII text)."""
    objects = ["<< /Type /Catalog /Pages 2 0 R >>", ""]
    kids = []
    for lines in pages:
        text = " ".join(f"({line}) Tj 0 -20 Td" for line in lines)
        stream = f"BT /F1 12 Tf 72 720 Td {text} ET".encode("latin-1")
        objects.append(f"<< /Length {len(stream)} >>\nstream\n{stream.decode('latin-1')}\nendstream")
        content = len(objects)
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents {content} 0 R /Resources << /Font << /F1 FONT 0 R >> >> >>"
        )
        kids.append(len(objects))
    objects.append("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    font = len(objects)
    objects[1] = f"<< /Type /Pages /Kids [{' '.join(f'{k} 0 R' for k in kids)}] /Count {len(kids)} >>"
    out = io.BytesIO(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n{body.replace('FONT', str(font))}\nendobj\n".encode("latin-1"))
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def docx_with_paragraphs(*paragraphs: str) -> bytes:
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    body = "".join(f"<w:p><w:r><w:t>{p[: len(p) // 2]}</w:t></w:r><w:r><w:t>{p[len(p) // 2:]}</w:t></w:r></w:p>" for p in paragraphs)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", f'<?xml version="1.0"?><w:document xmlns:w="{w}"><w:body>{body}</w:body></w:document>')
    return out.getvalue()
