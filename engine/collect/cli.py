"""The ``collect`` sub-command: ``add_parser(subparsers)`` and ``run(args) -> int``.

The key comes from an environment variable (``--api-key-env``, default ``TRIAGE_API_KEY``)
or one line of standard input (``--api-key-stdin``), never from an argument that would
land in shell history. Facts go to stdout, progress to stderr; every output is masked.
Exit codes: 0 collected (a gateway error is a fact), 2 bad usage or set-up, 3 internal.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from collections.abc import Sequence
from typing import Any

import yaml
from triage.cli.args import resolve_root, seconds, size
from triage.errors import CollectError, EngineError, SourceError, TriageError
from triage.secrets import mask_obj, mask_text

from .options import DEFAULT_MAX_BYTES, KINDS, STYLES, CollectOptions
from .probe import collect

__all__ = ["DEFAULT_KEY_ENV", "add_parser", "build_parser", "main", "run"]

DEFAULT_KEY_ENV = "TRIAGE_API_KEY"
FORMATS = ("text", "json", "markdown", "yaml")
_DESCRIPTION = (
    "Probe a gateway with the base URL, key and model that failed, and print the facts "
    "(keys masked): the model list, one minimal request and its answer, or the failure."
)


def add_parser(subparsers: Any) -> None:
    """Add ``collect`` to an argparse ``subparsers`` object; it sets ``func=run``."""
    parser = subparsers.add_parser(
        "collect", help="probe a gateway and print a fact set", description=_DESCRIPTION
    )
    _add_arguments(parser)
    parser.set_defaults(func=run)


def build_parser(prog: str = "triage collect") -> argparse.ArgumentParser:
    """A stand-alone parser with the same arguments (``python -m triage.collect``)."""
    parser = argparse.ArgumentParser(prog=prog, description=_DESCRIPTION)
    _add_arguments(parser)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    return run(build_parser().parse_args(argv))


def _add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--base-url", required=True, help="the base URL the client uses")
    parser.add_argument("--model", required=True, help="the model name the client sends")
    parser.add_argument("--kind", choices=KINDS, default="chat", help="request kind (chat)")
    parser.add_argument(
        "--style", choices=STYLES, default="openai", help="authentication style (openai)"
    )
    key = parser.add_argument_group("API key (never a plain argument)")
    key.add_argument(
        "--api-key-env", metavar="NAME", default=None,
        help=f"environment variable holding the key (default {DEFAULT_KEY_ENV})",
    )
    key.add_argument(
        "--api-key-stdin", action="store_true", help="read the key from one line of stdin"
    )
    limits = parser.add_argument_group("limits")
    limits.add_argument("--connect-timeout", type=seconds, default=10.0, metavar="S")
    limits.add_argument("--read-timeout", type=seconds, default=60.0, metavar="S")
    limits.add_argument(
        "--total-timeout", type=seconds, default=90.0, metavar="S",
        help="deadline of each request, redirects included (90)",
    )
    limits.add_argument(
        "--deadline", type=seconds, default=60.0, metavar="S",
        help="deadline of the whole probe, every step included (60)",
    )
    limits.add_argument(
        "--max-bytes", type=size(), default=DEFAULT_MAX_BYTES, metavar="N",
        help="cap on each response body, decoded; accepts K and M suffixes (2M)",
    )
    limits.add_argument(
        "--max-redirects", type=int, default=5, metavar="N",
        help="same-origin redirects to follow (5); others are never followed",
    )
    where = parser.add_argument_group("where the probe may go (refused by default)")
    where.add_argument(
        "--allow-insecure-http", action="store_true",
        help="send the key over plain http:// to a host that is not loopback",
    )
    where.add_argument(
        "--allow-private", action="store_true",
        help="probe private and link-local addresses (never cloud metadata)",
    )
    parser.add_argument(
        "--use-env-proxy", action="store_true", help="use HTTP(S)_PROXY from the environment"
    )
    parser.add_argument(
        "--allow-paid", action="store_true",
        help="for image and video, send one minimal generation request (it costs money)",
    )
    parser.add_argument(
        "--diagnose", action="store_true", help="diagnose the facts and print the diagnosis"
    )
    parser.add_argument(
        "--format", choices=FORMATS, default=None,
        help="output format (json for facts, text with --diagnose)",
    )
    parser.add_argument("--lang", choices=("en", "zh"), default="en")
    parser.add_argument("--root", help="knowledge base for --diagnose: a folder with rules/ "
                        "and kb/ (default: $TRIAGE_ROOT, else found from here)")
    parser.add_argument("--quiet", action="store_true", help="no progress lines on stderr")


def run(args: argparse.Namespace) -> int:
    """Run ``collect`` for parsed ``args``; print one masked line on stderr on failure."""
    key = ""
    try:
        key = _read_key(args)
        if args.diagnose:  # a wrong knowledge base is refused before anything is sent
            args.root = resolve_root(getattr(args, "root", None))
        options = CollectOptions(
            base_url=args.base_url,
            model=args.model,
            api_key=key,
            kind=args.kind,
            style=args.style,
            connect_timeout=args.connect_timeout,
            read_timeout=args.read_timeout,
            total_timeout=args.total_timeout,
            max_bytes=args.max_bytes,
            max_redirects=args.max_redirects,
            trust_env=args.use_env_proxy,
            allow_paid=args.allow_paid,
            deadline=args.deadline,
            allow_insecure_http=args.allow_insecure_http,
            allow_private=args.allow_private,
        )
        facts = collect(options, progress=None if args.quiet else _stderr_progress)
        text = _diagnosis(facts, args, key) if args.diagnose else _dump(facts, args.format)
    except KeyboardInterrupt:
        _fail("interrupted", key)
        return 130
    except SourceError as exc:  # --diagnose needs the rules
        _fail(str(exc), key)
        return 2
    except TriageError as exc:
        _fail(str(exc), key)
        return exc.exit_code
    except Exception as exc:  # never a traceback in front of the user
        _fail(f"internal error: {type(exc).__name__}: {exc}", key)
        return 3
    sys.stdout.write(mask_text(text, [key]).rstrip("\n") + "\n")
    return 0


def _read_key(args: argparse.Namespace) -> str:
    if args.api_key_stdin:
        if args.api_key_env:
            raise CollectError("give the key one way: --api-key-env or --api-key-stdin")
        stream = sys.stdin
        if stream is None or stream.closed:
            raise CollectError("--api-key-stdin: standard input is closed")
        if stream.isatty():
            return getpass.getpass("API key: ", stream=sys.stderr).strip()
        return stream.readline(4096).strip()
    name = args.api_key_env or DEFAULT_KEY_ENV
    key = os.environ.get(name, "").strip()
    if not key:
        raise CollectError(f"no API key: set {name} or pass --api-key-stdin")
    return key


def _dump(facts: dict[str, Any], fmt: str | None) -> str:
    if fmt in (None, "json"):
        return json.dumps(facts, ensure_ascii=False, indent=2)
    text = yaml.safe_dump(facts, allow_unicode=True, sort_keys=False, width=100)
    return f"```yaml\n{text}```" if fmt == "markdown" else text


def _diagnosis(facts: dict[str, Any], args: argparse.Namespace, key: str) -> str:
    try:  # the engine is imported only when asked for
        from triage.api import diagnose, render
    except ImportError as exc:
        raise EngineError(f"--diagnose needs the diagnosis engine (triage.api): {exc}") from None

    result = mask_obj(diagnose(facts, lang=args.lang, root=getattr(args, "root", None)),
                      secrets=[key])
    fmt = args.format or "text"
    if fmt == "yaml":
        return yaml.safe_dump(result, allow_unicode=True, sort_keys=False, width=100)
    return render(result, fmt, args.lang)


def _stderr_progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _fail(message: str, key: str) -> None:
    line = " ".join(mask_text(message, [key] if key else []).split())
    print(f"triage collect: {line}", file=sys.stderr, flush=True)
