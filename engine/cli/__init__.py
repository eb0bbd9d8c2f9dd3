"""The ``triage`` command: argument parsing, reporters and exit codes (contract section 1).

Exit codes: 0 done; 1 validate/test/lint found problems; 2 bad input or usage (one line on
stderr, no traceback); 3 internal error.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from triage.cli.args import resolve_root
from triage.errors import SourceError, TriageError, UsageError

__all__ = ["main"]


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(f"{self.prog}: {message} (see --help)")


_PLUGINS = {
    "collect": "triage.collect.cli",
    "build": "triage.publish.cli",
    "serve": "triage.serve.cli",
    "check": "triage.cli.check",
    "init": "triage.cli.init",
    "report": "triage.report.cli",
    "case": "triage.cases.cli",
    "feedback": "triage.feedback.cli",
}


def _verb(argv: Sequence[str] | None) -> str | None:
    args = list(sys.argv[1:] if argv is None else argv)
    return next((a for a in args if not a.startswith("-")), None)


def build_parser(verb: str | None = None) -> argparse.ArgumentParser:
    """The parser; the sub-commands of other stages are imported only when needed."""
    parser = _Parser(prog="triage", description="Diagnose failing calls to OpenAI-compatible "
                     "AI API gateways, and keep the knowledge that does it.")
    parser.add_argument("--version", action="version", version="triage 0.1.0 (contract v1)")
    sub = parser.add_subparsers(dest="verb", metavar="VERB", parser_class=_Parser)
    sub.required = True

    def add(name: str, help_text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.add_argument("--root", help="folder with rules/ and kb/ (default: found from here)")
        return p

    p = add("validate", "check rules and knowledge-base files against schemas/")
    p.add_argument("paths", nargs="*", help="files or folders (default: all sources)")
    p = add("test", "run the test cases that live beside the rules")
    p.add_argument("paths", nargs="*", help="rule or case files or folders (default: all)")
    p.add_argument("-v", "--verbose", action="store_true", help="list every case")
    p = add("lint", "cross-check links, languages, sections, reviews and causes")
    p.add_argument("--today", help="the date to judge reviews by (YYYY-MM-DD)")
    p = add("diagnose", "diagnose one fact set (YAML or JSON; - for stdin)")
    p.add_argument("file", help="fact file, or - for standard input")
    p.add_argument("--batch", action="store_true", help="FILE is JSON Lines: one fact set a line")
    p.add_argument("--format", choices=("text", "json", "markdown"), default="text")
    p.add_argument("--lang", choices=("zh", "en"), default="en")
    p.add_argument("--explain", metavar="RULE", help="show, condition by condition, why RULE "
                   "did or did not fire on FILE")
    p.add_argument("--platform-base-url", metavar="URL",
                   help="your platform's API base URL, for tickets that do not give "
                        "platform.base_url (default: $TRIAGE_PLATFORM_BASE_URL)")
    for name, module in _PLUGINS.items():
        if verb is not None and verb != name and verb in (*_PLUGINS, "diagnose", "validate",
                                                          "test", "lint"):
            continue
        try:
            mod = __import__(module, fromlist=["add_parser"])
        except ImportError:
            continue
        mod.add_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = build_parser(_verb(argv)).parse_args(argv)
        return _dispatch(args)
    except SystemExit as exc:  # --help / --version
        return int(exc.code or 0)
    except SourceError as exc:
        for issue in exc.issues:
            print(issue, file=sys.stderr)
        print(f"triage: the sources have {len(exc.issues)} problem(s); run 'triage validate'",
              file=sys.stderr)
        return 2
    except TriageError as exc:
        from triage.rendering import visible  # a key or value from the file may hold ESC
        from triage.secrets import mask_text

        line = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        print(f"triage: {visible(mask_text(line))}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("triage: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # the last guard: no traceback for users
        if os.environ.get("TRIAGE_DEBUG"):
            raise
        from triage.secrets import mask_text

        print(f"triage: internal error: {type(exc).__name__}: {mask_text(str(exc)[:200])} "
              "(set TRIAGE_DEBUG=1 for details)", file=sys.stderr)
        return 3


def _dispatch(args: argparse.Namespace) -> int:
    if args.verb == "diagnose":
        from triage.cli.diagnose import run_diagnose

        return run_diagnose(args, resolve_root(getattr(args, "root", None)))
    if args.verb in ("validate", "test", "lint"):
        from triage.cli import checks

        root = resolve_root(getattr(args, "root", None))
        return int(getattr(checks, f"run_{args.verb}")(args, root))
    mod = __import__(_PLUGINS[args.verb], fromlist=["run"])
    return int(mod.run(args))
