"""Build step that puts the knowledge base into the wheel (all metadata is in pyproject.toml).

The wheel carries the top-level rules/, kb/, schemas/, the site theme, the example tickets
and the corpora the site build reads, copied at build time into ``triage/_bundled/`` (see
engine/roots.py). Git holds one copy only: the top-level folders. Editable installs copy
nothing; they read the checkout directly.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
# (path in the checkout, required): copied to the same relative path inside the bundle
BUNDLED = (
    ("rules", True),
    ("kb", True),
    ("schemas", True),
    ("site/assets", True),
    ("site/overrides", True),
    ("examples", True),
    ("tests/data/dev-errors.yaml", True),
    ("tests/data/holdout.yaml", True),
    ("tests/data/messages", False),
)
SKIP = shutil.ignore_patterns("__pycache__", "*.pyc", ".triage-cache", ".*.swp", "*~")


class BuildPyWithKnowledgeBase(build_py):
    """build_py, then the bundled knowledge base into build/lib/triage/_bundled."""

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return
        target = Path(self.build_lib) / "triage" / "_bundled"
        if target.exists():
            shutil.rmtree(target)
        for rel, required in BUNDLED:
            source = HERE / rel
            if not source.exists():
                if required:
                    raise SystemExit(f"setup.py: {source} is missing; build from a full "
                                     "checkout or sdist")
                continue
            dest = target / rel
            dest.parent.mkdir(parents=True, exist_ok=True)
            if source.is_dir():
                shutil.copytree(source, dest, ignore=SKIP)
            else:
                shutil.copy2(source, dest)


setup(cmdclass={"build_py": BuildPyWithKnowledgeBase})
