"""``triage diagnose``: one fact set, or JSON Lines with --batch."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from triage.errors import FactsError
from triage.facts.platform import checked_base_url, platform_from_env
from triage.secrets import mask_obj, mask_text

__all__ = ["run_diagnose"]


def run_diagnose(args: argparse.Namespace, root: Path) -> int:
    from triage.api import load_diagnoser
    from triage.facts.read import iter_jsonl, read_facts
    from triage.rendering import render

    given = getattr(args, "platform_base_url", None)
    platform = (checked_base_url(given, "--platform-base-url") if given is not None
                else platform_from_env())
    if getattr(args, "explain", None):
        from triage.cli.explain import run_explain

        if args.batch:
            raise FactsError("--explain reads one ticket; leave out --batch")
        return run_explain(args.explain, args.file, root, platform)
    if not args.batch:
        facts = read_facts(args.file)
        diagnoser = load_diagnoser(root, platform)
        result = diagnoser.diagnose(facts, args.lang)
        sys.stdout.write(mask_text(render(mask_obj(result), args.format, args.lang)))
        return 0
    diagnoser = load_diagnoser(root, platform)
    bad = 0
    out = sys.stdout
    for number, item in iter_jsonl(args.file):
        if isinstance(item, FactsError):
            bad += 1
            shown = mask_text(str(item))
            print(f"triage: {shown}", file=sys.stderr)
            out.write(json.dumps({"line": number, "error": shown}, ensure_ascii=False) + "\n")
            continue
        result = mask_obj(diagnoser.diagnose(item, args.lang))
        if args.format == "json" or args.format == "text":
            out.write(json.dumps(result, ensure_ascii=False) + "\n")
        else:
            out.write(mask_text(render(result, args.format, args.lang)) + "\n---\n")
    if bad:
        raise FactsError(f"{bad} line(s) of {args.file} could not be read; see above")
    return 0
