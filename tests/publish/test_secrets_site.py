"""The whole built site, every file, holds no secret-shaped string (the build's last gate)."""

from __future__ import annotations

from triage.publish.build import _refuse_secrets
from triage.secrets import find_secrets, looks_fake

from .conftest import Built


def _found(built: Built) -> list[str]:
    out = []
    for path in built.files():
        rel = path.relative_to(built.out)
        if rel.parts[:1] == ("assets",):
            continue  # the theme's minified code, not content
        text = path.read_bytes().decode("utf-8", errors="replace")
        out += [f"{rel}: {f.kind}" for f in find_secrets(text) if not looks_fake(f.value)]
    return out


def test_bundled_site_holds_no_secret(site: Built) -> None:
    assert _found(site) == []
    _refuse_secrets(site.out)


def test_hostile_site_holds_no_secret(hostile: Built) -> None:
    assert _found(hostile) == []
