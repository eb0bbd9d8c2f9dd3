"""``triage diagnose``: one fact set, or JSON Lines with --batch."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from triage.errors import FactsError

__all__ = ["run_diagnose"]


def run_diagnose(args: argparse.Namespace, root: Path) -> int:
    from triage.api import load_diagnoser
    from triage.facts.read import iter_jsonl, read_facts
    from triage.render import render

    if getattr(args, "explain", None):
        from triage.cli.explain import run_explain

        if args.batch:
            raise FactsError("--explain reads one ticket; leave out --batch")
        return run_explain(args.explain, args.file, root)
    if not args.batch:
        facts = read_facts(args.file)
        diagnoser = load_diagnoser(root)
        result = diagnoser.diagnose(facts, args.lang)
        sys.stdout.write(render(result, args.format, args.lang))
        return 0
    diagnoser = load_diagnoser(root)
    bad = 0
    out = sys.stdout
    for number, item in iter_jsonl(args.file):
        if isinstance(item, FactsError):
            bad += 1
            print(f"triage: {item}", file=sys.stderr)
            out.write(json.dumps({"line": number, "error": str(item)}, ensure_ascii=False) + "\n")
            continue
        result = diagnoser.diagnose(item, args.lang)
        if args.format == "json" or args.format == "text":
            out.write(json.dumps(result, ensure_ascii=False) + "\n")
        else:
            out.write(render(result, args.format, args.lang) + "\n---\n")
    if bad:
        raise FactsError(f"{bad} line(s) of {args.file} could not be read; see above")
    return 0
