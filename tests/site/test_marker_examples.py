"""Markers shown as examples in code stay text; real markers are found."""

from __future__ import annotations

from tsuzuri.site.markers import find

PAGE = """# 例

```markdown
<!-- tsuzuri:board project=HOJO -->
```

インラインの `<!-- tsuzuri:issues status=open -->` も例です。

~~~
<!-- tsuzuri:dashboard -->
~~~

<!-- tsuzuri:board project=MIRA -->
"""


def test_only_the_marker_outside_code_is_found():
    found = find(PAGE)
    assert [(name, params) for _, name, params in found] == [("board", {"project": "MIRA"})]
    assert PAGE[found[0][0].start():].startswith("<!-- tsuzuri:board project=MIRA -->")
