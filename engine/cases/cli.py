"""``triage case add TICKET --expect CAUSE [--rule ID] [--name TEXT] [--keep-id]
[--expect-fail] [--dry-run]``: show the redacted case and the diff, then append it."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from triage.errors import UsageError

__all__ = ["add_parser", "run"]


def add_parser(subparsers: Any) -> None:
    p = subparsers.add_parser("case", help="turn a solved ticket into a regression case",
                              description="Regression cases from solved tickets.")
    sub = p.add_subparsers(dest="case_verb", metavar="ACTION")
    sub.required = True
    a = sub.add_parser("add", help="redact a ticket and append it as a case",
                       description="Redact TICKET (keys of every shape, e-mails, IP addresses, "
                       "user names in URLs, request ids; the ticket id unless --keep-id), show "
                       "it and the diff, and append it to the cases of the rule that gives "
                       "CAUSE (or tests/data/tickets/<family>.yaml). Refused when the case "
                       "does not give CAUSE today, unless --expect-fail.")
    a.add_argument("ticket", help="fact file (YAML or JSON), or - for standard input")
    a.add_argument("--expect", required=True, metavar="CAUSE",
                   help="the cause that solved the ticket, e.g. quota.balance")
    a.add_argument("--rule", metavar="ID", help="the rule whose cases get it")
    a.add_argument("--name", metavar="TEXT", help="the case's name")
    a.add_argument("--keep-id", action="store_true", help="keep ticket.id")
    a.add_argument("--expect-fail", action="store_true",
                   help="write it even when it does not give CAUSE today (a known miss)")
    a.add_argument("--dry-run", action="store_true", help="show, write nothing")
    a.add_argument("--root", help="folder with rules/ and kb/ (default: found from here)")


def run(args: argparse.Namespace) -> int:
    from triage.cases.add import plan_case
    from triage.cases.yamlfile import dump_item, replace_file
    from triage.cli.args import resolve_root
    from triage.facts.read import read_facts
    from triage.secrets import mask_text

    if args.case_verb != "add":
        raise UsageError(f"case: unknown action {args.case_verb!r}")
    root = resolve_root(args.root)
    if args.name is not None and not 3 <= len(args.name) <= 200:
        raise UsageError("case add: --name must have 3 to 200 characters")
    try:
        ticket = read_facts(args.ticket)
    except (OSError, ValueError) as exc:
        raise UsageError(mask_text(str(exc).splitlines()[0])) from None
    plan = plan_case(root, ticket, args.expect, rule=args.rule,
                     name=mask_text(args.name) if args.name else None, keep_id=args.keep_id)
    out = sys.stdout
    out.write(f"# redacted case for {plan.shown}\n")
    out.write(dump_item(plan.item))
    got = ", ".join(plan.got) or "nothing"
    if not plan.passes and not args.expect_fail:
        print(f"triage: case add: the redacted case gives {got} today, not {args.expect}"
              f"{' from rule ' + args.rule if args.rule else ''}; nothing written (fix the "
              "rules, or record a known miss with --expect-fail)", file=sys.stderr)
        return 1
    out.write(f"\n# diff\n{plan.diff}")
    if args.dry_run:
        print("triage: case add: --dry-run, nothing written", file=sys.stderr)
        return 0
    replace_file(plan.target, plan.new_text)
    state = "passes" if plan.passes else f"is a known miss (gives {got})"
    print(f"triage: case add: appended to {plan.shown}; it {state}", file=sys.stderr)
    return 0
