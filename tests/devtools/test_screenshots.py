"""The documentation's screenshots: every page kind at both sizes, taken in chromium, small and current."""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import pytest

from tsuzuri.devtools import screenshots

REPO = Path(__file__).resolve().parents[2]
KINDS = ("dashboard", "issues", "board", "inquiries", "issue", "member", "organization", "milestone",
         "minutes-index", "minutes", "gantt", "activity", "search")


def test_every_page_kind_has_a_shot_at_both_sizes_and_docs_show_them():
    shots = {s.name: s for s in screenshots.SITE_SHOTS}
    assert sorted(shots) == sorted(f"site-{k}" for k in KINDS)
    assert all(s.sizes == (screenshots.DESKTOP, screenshots.PHONE) for s in shots.values())
    shown = set(re.findall(r"\(images/(site-[a-z-]+?(?:-390)?\.png)\)", (REPO / "docs/site.md").read_text(encoding="utf-8")))
    wanted = {f"{name}{suffix}.png" for name in shots for suffix in ("", "-390")}
    assert shown == wanted
    for name in wanted:
        assert (REPO / "docs/images" / name).is_file(), name


def test_the_shots_in_the_docs_are_small_palette_pngs_of_the_right_size():
    from PIL import Image

    total = {screenshots.DESKTOP: 0, screenshots.PHONE: 0}
    for shot in screenshots.SITE_SHOTS:
        for size, suffix in ((screenshots.DESKTOP, ""), (screenshots.PHONE, "-390")):
            path = REPO / "docs/images" / f"{shot.name}{suffix}.png"
            with Image.open(path) as image:
                assert image.size == size and image.mode == "P", path.name
            total[size] += path.stat().st_size
    assert total[screenshots.DESKTOP] < 800_000 and total[screenshots.PHONE] < 500_000, total


def test_small_png_keeps_the_picture_with_few_colours():
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (200, 80), "white")
    draw = ImageDraw.Draw(image)
    for x in range(0, 200, 2):
        draw.line([(x, 0), (x, 79)], fill=(x, 255 - x, 128))
    draw.text((10, 30), "HOJO-29", fill="black")
    raw = io.BytesIO()
    image.save(raw, format="PNG")
    small = screenshots.small_png(raw.getvalue(), colors=16)
    with Image.open(io.BytesIO(small)) as reduced:
        assert reduced.mode == "P" and reduced.size == (200, 80)
        assert len(reduced.getcolors()) <= 16
        assert reduced.convert("RGB").getpixel((0, 0)) != (255, 255, 255)  # the picture is still there


@pytest.mark.browser
def test_a_shot_is_taken_when_the_page_is_ready(small_site_for_shots, tmp_path):
    written = screenshots.take(small_site_for_shots, tmp_path, {"site-dashboard"})
    from PIL import Image

    assert [p.name for p in written] == ["site-dashboard.png", "site-dashboard-390.png"]
    with Image.open(written[1]) as phone:
        assert phone.size == screenshots.PHONE and phone.mode == "P"


@pytest.fixture
def small_site_for_shots(tmp_path):
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    root = tmp_path / "t"
    shutil.copytree(REPO / "tests/site/fixtures/small", root)
    build(load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(tmp_path / "site"), strict=True))
    return tmp_path / "site"
