"""Realistic gateway logs with a known truth, for ``triage report`` tests and benchmarks.

``python -m bench.loggen --format new-api-csv --lines 100000 --out day.csv.gz --truth t.json``

One simulated day of traffic: successes and failures, failures drawn from a fixed mix of
error messages as gateways and upstreams really send them (new-api, one-api, OpenAI,
LiteLLM), with one upstream channel going down for two hours in the afternoon. Keys are
made up at run time (random, so nothing key-shaped lives in the source) and appear inside
some messages, so a report that leaks them fails its test. The truth file holds every count
the JSON report should show (by cause, family, model, key, user, channel, hour).
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import json
import random
import string
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from triage.secrets import mask_key

__all__ = ["FORMATS", "TEMPLATES", "generate", "main"]

FORMATS = ("new-api-csv", "new-api-jsonl", "new-api-json", "one-api-log", "litellm-spend-jsonl",
           "litellm-spend-csv", "litellm-error-csv", "openai-jsonl", "triage-batch")

DAY = 1_764_547_200  # 2025-12-01T00:00:00Z
MODELS = ("gpt-4o-mini", "gpt-4o", "deepseek-chat", "claude-sonnet-4-5", "qwen-plus",
          "gemini-2.5-flash")
CHANNELS = ("openai-main", "azure-east", "deepseek-official", "claude-relay")
USERS = tuple(f"user{i:03d}" for i in range(40))


@dataclass(frozen=True)
class Template:
    cause: str
    status: int | None
    body: str            # {model} and {key} are filled in
    weight: int
    litellm_class: str
    model: str = ""      # the model the caller sent, when the cause is in the name itself


# Exact error strings as gateways and upstreams send them (facts, used as test data).
TEMPLATES = (
    Template("auth.invalid_key", 401, "Incorrect API key provided: {key}. You can find your "
             "API key at https://platform.openai.com/account/api-keys.", 9,
             "AuthenticationError"),
    Template("auth.key_disabled", 401, "该令牌状态不可用", 4, "AuthenticationError"),
    Template("quota.balance", 402, "Insufficient Balance", 6, "BadRequestError"),
    Template("model_not_found.reported", 404, "The model `{model}` does not exist or you do "
             "not have access to it.", 12, "NotFoundError", "gpt-4o-mnii"),
    Template("model_access.forbidden", 403, "该令牌无权使用模型：{model}", 5,
             "PermissionDeniedError"),
    Template("model_unavailable.no_channel", 503, "当前分组 default 下对于模型 {model} 无可用渠道",
             3, "ServiceUnavailableError"),
    Template("rate_limit.exceeded", 429, "Rate limit reached for {model} in organization "
             "org-demo on tokens per min (TPM): Limit 30000, Used 29000, Requested 2000.", 10,
             "RateLimitError"),
    Template("context_length.exceeded", 400, "This model's maximum context length is 128000 "
             "tokens. However, your messages resulted in 130211 tokens. Please reduce the "
             "length of the messages.", 5, "ContextWindowExceededError"),
    Template("timeout.gateway", 524, "error code: 524", 3, "Timeout"),
    Template("upstream_error.internal", 500, "The server had an error while processing your "
             "request. Sorry about that!", 4, "InternalServerError"),
    Template("content_policy.refused", 400, "The response was filtered due to the prompt "
             "triggering Azure OpenAI's content management policy. Please modify your prompt "
             "and retry.", 3, "ContentPolicyViolationError"),
    Template("unknown.undiagnosed", 418, "teapot refuses to brew", 1, "APIError"),
)
# The channel that fails in the afternoon: many "no channel" answers for its models.
OUTAGE = (14, 16, "claude-relay")


def _fake_key(rng: random.Random) -> str:
    return "sk-" + "".join(rng.choices(string.ascii_letters + string.digits, k=40))


@dataclass
class Event:
    time: int
    ok: bool
    model: str
    user: str
    channel: str
    key_name: str
    key: str
    template: Template | None
    body: str


def _events(lines: int, rng: random.Random, fail_share: float) -> Iterator[Event]:
    keys = [(f"team-{i:02d}", _fake_key(rng)) for i in range(12)]
    weights = [t.weight for t in TEMPLATES]
    for i in range(lines):
        moment = DAY + int(i * 86_400 / max(lines, 1))
        hour = (moment - DAY) // 3600
        model = rng.choice(MODELS)
        user = rng.choice(USERS)
        channel = rng.choice(CHANNELS)
        key_name, key = rng.choice(keys)
        template = None
        if OUTAGE[0] <= hour < OUTAGE[1] and rng.random() < 0.3:
            template, channel = TEMPLATES[5], OUTAGE[2]
        elif rng.random() < fail_share:
            template = rng.choices(TEMPLATES, weights)[0]
        if template is not None and template.model:
            model = template.model
        body = template.body.format(model=model, key=key) if template else ""
        yield Event(moment, template is None, model, user, channel, key_name, key, template,
                    body)


def _iso(moment: int) -> str:
    from datetime import datetime, timezone

    return datetime.fromtimestamp(moment, timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.000Z")


NEW_API_COLUMNS = ("id", "user_id", "created_at", "type", "content", "username", "token_name",
                   "model_name", "quota", "prompt_tokens", "completion_tokens", "use_time",
                   "is_stream", "channel", "channel_name", "token_id", "group", "ip", "other")


def _new_api_row(n: int, e: Event) -> dict[str, Any]:
    t = e.template
    other: dict[str, Any] = {"channel_name": e.channel}
    if t is not None:
        other.update({"status_code": t.status, "error_type": "new_api_error",
                      "request_path": "/v1/chat/completions", "channel_id": 3})
    return {"id": n, "user_id": USERS.index(e.user) + 1, "created_at": e.time,
            "type": 2 if e.ok else 5, "content": "" if e.ok else e.body, "username": e.user,
            "token_name": e.key_name, "model_name": e.model, "quota": 150 if e.ok else 0,
            "prompt_tokens": 120 if e.ok else 0, "completion_tokens": 30 if e.ok else 0,
            "use_time": 2, "is_stream": False, "channel": 3, "channel_name": e.channel,
            "token_id": 7, "group": "default", "ip": "", "other": json.dumps(other)}


def _litellm_spend(e: Event) -> dict[str, Any]:
    t = e.template
    metadata: dict[str, Any] = {"user_api_key_alias": e.key_name, "status": "success"}
    if t is not None:
        metadata["status"] = "failure"
        metadata["error_information"] = {"error_code": str(t.status), "error_class":
                                         t.litellm_class, "llm_provider": "openai",
                                         "error_message": e.body, "traceback": ""}
    return {"request_id": f"chatcmpl-{e.time}", "call_type": "acompletion",
            "api_key": e.key_name, "spend": 0.0 if t else 0.00042, "total_tokens": 0 if t else 150,
            "prompt_tokens": 0 if t else 120, "completion_tokens": 0 if t else 30,
            "startTime": _iso(e.time), "endTime": _iso(e.time + 1), "model": e.model,
            "model_group": e.model, "custom_llm_provider": e.channel, "api_base": "",
            "user": e.user, "metadata": json.dumps(metadata), "cache_hit": "",
            "status": "failure" if t else "success"}


def _row(fmt: str, n: int, e: Event) -> Any:
    t = e.template
    if fmt.startswith("new-api"):
        return _new_api_row(n, e)
    if fmt.startswith("litellm-spend"):
        return _litellm_spend(e)
    if fmt == "litellm-error-csv":
        assert t is not None
        return {"request_id": f"err-{n}", "startTime": _iso(e.time), "endTime": _iso(e.time),
                "api_base": e.channel, "model_group": e.model, "litellm_model_name": e.model,
                "model_id": "", "request_kwargs": json.dumps({"user_api_key_alias": e.key_name,
                                                              "user": e.user}),
                "exception_type": t.litellm_class, "exception_string": e.body,
                "status_code": str(t.status)}
    if fmt == "openai-jsonl":
        row: dict[str, Any] = {"time": _iso(e.time), "method": "POST",
                               "url": "https://gw.example.com/v1/chat/completions",
                               "headers": {"authorization": "Bearer " + e.key},
                               "request": {"model": e.model, "user": e.user},
                               "upstream": e.channel, "status": t.status if t else 200}
        row["response"] = {"error": {"message": e.body, "type": "api_error"}} if t else {
            "id": "chatcmpl-1", "object": "chat.completion"}
        return row
    if fmt == "triage-batch":
        assert t is not None
        return {"time": e.time, "ticket": {"account": e.user},
                "request": {"model": e.model, "api_key": e.key, "base_url": e.channel},
                "response": {"status": t.status, "body": json.dumps(
                    {"error": {"message": e.body}}, ensure_ascii=False)}}
    raise ValueError(fmt)


def _dims(fmt: str, e: Event) -> dict[str, str]:
    """The dimensions each format records, as the report should show them."""
    if fmt == "one-api-log":
        return {"user": str(USERS.index(e.user) + 1), "channel": str(CHANNELS.index(e.channel))}
    if fmt.startswith("new-api") or fmt.startswith("litellm"):
        return {"model": e.model, "key": e.key_name, "user": e.user, "channel": e.channel}
    if fmt == "openai-jsonl":
        return {"model": e.model, "key": mask_key(e.key), "user": e.user, "channel": e.channel}
    return {"model": e.model, "key": mask_key(e.key), "user": e.user, "channel": e.channel}


def generate(fmt: str, lines: int, out: IO[str], seed: int = 7, fail_share: float = 0.35,
             bad_every: int = 0) -> dict[str, Any]:
    """Write ``lines`` log lines of ``fmt`` to ``out``; return the truth."""
    rng = random.Random(seed)
    only_failures = fmt in ("litellm-error-csv", "triage-batch", "one-api-log")
    truth: dict[str, Any] = {"format": fmt, "lines": 0, "requests": 0, "failed": 0, "bad": 0,
                             "causes": Counter(), "hours": Counter(),
                             "dims": {d: Counter() for d in ("model", "key", "user", "channel")},
                             "keys": []}
    writer = None
    if fmt.endswith("-csv"):
        columns = NEW_API_COLUMNS if fmt == "new-api-csv" else None
        first = _row(fmt, 0, next(e for e in _events(50, random.Random(1), 1.0)))
        writer = csv.DictWriter(out, fieldnames=list(columns or first), lineterminator="\n")
        writer.writeheader()  # not counted: "lines" are the data lines
    rows: list[Any] = []
    n = 0
    for e in _events(lines, rng, fail_share):
        if only_failures and e.ok:
            continue
        n += 1
        truth["keys"] = sorted({e.key, *truth["keys"]})
        if bad_every and n % bad_every == 0:
            if fmt == "new-api-json":
                rows.append("a row that is not an object")
            elif fmt == "one-api-log":
                out.write("[ERR] 2025/12/01 - 00:00:00 | 1 relay error (channel id x, user\n")
            else:
                out.write('{"broken": \n' if not writer else "1,2,3\n")
            truth["lines"] += 1
            truth["bad"] += 1
        truth["requests"] += 1
        truth["lines"] += 1
        if not e.ok:
            assert e.template is not None
            truth["failed"] += 1
            truth["causes"][e.template.cause] += 1
            truth["hours"][_iso(e.time)[:13]] += 1
            for dim, value in _dims(fmt, e).items():
                truth["dims"][dim][value] += 1
        if fmt == "one-api-log":
            stamp = _iso(e.time)[:19].replace("-", "/").replace("T", " - ")
            out.write(f"[ERR] {stamp} | 2025120{n:012d} [relay.go:125] "
                      f"[processChannelRelayError] relay error (channel id "
                      f"{CHANNELS.index(e.channel)}, user id: {USERS.index(e.user) + 1}): "
                      f"{e.body}\n")
            out.write(f"[INFO] {stamp} | 2025120{n:012d} using channel #2 to retry "
                      "(remain times 2)\n")
            truth["lines"] += 1
            continue
        row = _row(fmt, n, e)
        if writer is not None:
            writer.writerow(row)
        elif fmt == "new-api-json":
            rows.append(row)
        else:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    if fmt == "new-api-json":
        json.dump({"success": True, "message": "", "data": {"items": rows, "total": len(rows),
                                                           "page": 1}}, out, ensure_ascii=False)
        truth["lines"] = truth["requests"] + truth["bad"]
    if only_failures:
        truth["requests"] = truth["failed"]
    for name in ("causes", "hours"):
        truth[name] = dict(truth[name])
    truth["dims"] = {d: dict(c) for d, c in truth["dims"].items() if c}
    return truth


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.loggen", description=__doc__)
    p.add_argument("--format", choices=FORMATS, default="new-api-csv")
    p.add_argument("--lines", type=int, default=10_000)
    p.add_argument("--out", required=True, help="file to write (.gz: gzip)")
    p.add_argument("--truth", help="write the truth here (JSON)")
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--bad-every", type=int, default=0, help="insert an unreadable line every N")
    args = p.parse_args(argv)
    path = Path(args.out)
    with path.open("wb") as raw, (gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=3)
                                  if path.suffix == ".gz" else raw) as stream, \
            io.TextIOWrapper(stream, encoding="utf-8", newline="") as out:
        truth = generate(args.format, args.lines, out, args.seed, bad_every=args.bad_every)
    truth.pop("keys")
    if args.truth:
        Path(args.truth).write_text(json.dumps(truth, indent=1, ensure_ascii=False) + "\n",
                                    encoding="utf-8")
    print(f"{args.out}: {truth['lines']} lines, {truth['failed']} failed", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
