"""``triage init DIR [--minimal]``: a starter knowledge base for a team that keeps its own.

Without ``--minimal`` the folder gets a copy of the bundled knowledge base: rules/, kb/,
schemas/, examples/ and the corpora under tests/data/ that the answer site reads. With
``--minimal`` it gets a skeleton taken from the bundled one: one rule with its cases, the
answer entry it links (standing in for every cause family until the team writes its own),
the family order, the model list, the schemas and one example ticket made from the rule's
first case. Either passes ``triage validate``, ``test`` and ``lint``.

The target must not exist or be empty; everything is written to a temporary folder beside it
first and moved into place at the end, so a failure leaves nothing half-written.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

from triage.errors import UsageError

__all__ = ["MINIMAL_RULE", "add_parser", "init_root", "run"]

COPIED = ("rules", "kb", "schemas", "examples")
# the corpora the answer site reads, where it looks for them (<root>/tests/data/...)
CORPORA = ("tests/data/dev-errors.yaml", "tests/data/holdout.yaml", "tests/data/messages")
MINIMAL_RULE = ("auth", "invalid-api-key")
_SKIP = shutil.ignore_patterns("__pycache__", "*.pyc", ".triage-cache")
_README = """\
# Knowledge base

Made by `triage init{how}`. Point triage at it with `--root {root}` or
`TRIAGE_ROOT={root}`, or run triage from inside this folder.

    triage validate && triage test && triage lint   # before every commit
    triage diagnose examples/{example}
    triage build --out public                       # the answer site

Rules live in `rules/<family>/<id>.yaml` with their cases beside them in `<id>.cases.yaml`;
answer entries, glossary terms and checklists live in `kb/`; `schemas/` lets editors check
the files while you type (the `# yaml-language-server: $schema=...` line of each file).
"""


def add_parser(sub: Any) -> None:
    p = sub.add_parser("init", help="write a starter knowledge base into a new folder",
                       description="Write a starter knowledge base into DIR (which must not "
                       "exist or be empty): a copy of the bundled one, or a minimal skeleton.")
    p.add_argument("dir", metavar="DIR", help="the folder to create")
    p.add_argument("--minimal", action="store_true",
                   help="one rule, one answer entry, the family order and the schemas")
    p.add_argument("-q", "--quiet", action="store_true", help="print nothing on success")


def run(args: argparse.Namespace) -> int:
    target = init_root(Path(args.dir), minimal=args.minimal)
    if not args.quiet:
        kind = ("a minimal knowledge base" if args.minimal
                else "a copy of the bundled knowledge base")
        print(f"triage init: wrote {kind} to {target}; use it with --root {target} or "
              f"TRIAGE_ROOT={target}", file=sys.stderr)
    return 0


def init_root(target: Path, *, minimal: bool = False, source: Path | None = None) -> Path:
    """Write a starter knowledge base to ``target`` (absent or empty) and return its path."""
    from triage.roots import bundled_root, check_root

    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise UsageError(f"init: {target} already exists and is not an empty folder; "
                         "choose a new folder (init never overwrites files)")
    src = check_root(source or bundled_root(), "the bundled knowledge base")
    parent = target.resolve().parent
    if not parent.is_dir():
        raise UsageError(f"init: {parent} does not exist; create it first")
    work = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=parent))
    try:
        example = _minimal(src, work) if minimal else _full(src, work)
        how = " --minimal" if minimal else ""
        (work / "README.md").write_text(
            _README.format(how=how, root=target, example=example), encoding="utf-8")
        if target.exists():
            target.rmdir()  # empty, checked above
        work.rename(target)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return target.resolve()


def _full(src: Path, work: Path) -> str:
    for name in COPIED:
        if (src / name).is_dir():
            shutil.copytree(src / name, work / name, ignore=_SKIP)
    for name in CORPORA:
        (work / name).parent.mkdir(parents=True, exist_ok=True)
        if (src / name).is_dir():
            shutil.copytree(src / name, work / name, ignore=_SKIP)
        elif (src / name).is_file():
            shutil.copy2(src / name, work / name)
    examples = sorted(p.name for p in (work / "examples").glob("*.yaml")) if (
        work / "examples").is_dir() else []
    return examples[0] if examples else "ticket.yaml"


def _dump(data: Any, schema: str) -> str:
    import yaml

    head = f"# yaml-language-server: $schema={schema}\n"
    return head + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


def _minimal(src: Path, work: Path) -> str:
    import yaml

    family, rule_id = MINIMAL_RULE
    rules = work / "rules" / family
    rules.mkdir(parents=True)
    for name in (f"{rule_id}.yaml", f"{rule_id}.cases.yaml"):
        shutil.copy2(src / "rules" / family / name, rules / name)
    rule = yaml.safe_load((rules / f"{rule_id}.yaml").read_text(encoding="utf-8"))
    (work / "kb" / "entries").mkdir(parents=True)
    for name in ("triage-order.yaml", "models.yaml"):
        shutil.copy2(src / "kb" / name, work / "kb" / name)
    order = yaml.safe_load((src / "kb" / "triage-order.yaml").read_text(encoding="utf-8"))
    entry_id = rule["faq"][0]
    entry = yaml.safe_load((src / "kb" / "entries" / f"{entry_id}.yaml").read_text(
        encoding="utf-8"))
    # alone in its knowledge base: no links to entries, terms or checklists left behind, and
    # it answers every family until the team writes entries of its own
    entry["related"], entry["glossary"], entry["checklists"] = [], [], []
    entry["families"] = [f for f in order["families"] if f != entry["family"]]
    (work / "kb" / "entries" / f"{entry_id}.yaml").write_text(
        _dump(entry, "../../schemas/kb-entry.schema.json"), encoding="utf-8")
    shutil.copytree(src / "schemas", work / "schemas", ignore=_SKIP)
    cases = yaml.safe_load((rules / f"{rule_id}.cases.yaml").read_text(encoding="utf-8"))
    (work / "examples").mkdir()
    example = f"{rule_id}.yaml"
    (work / "examples" / example).write_text(
        _dump(cases["fires"][0]["facts"], "../schemas/facts.schema.json"), encoding="utf-8")
    return example
