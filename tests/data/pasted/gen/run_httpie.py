"""Run HTTPie's `http` against the replay server for each scenario of the plan and print, as
JSON lines, what it printed (stdout, then stderr, as captured from a pipe: no colours).

    run_httpie.py PLAN.json PORT CLOSED_PORT [CLIENT]
CLIENT: httpie. Needs Debian's httpie (`apt-get install -y httpie`); never used by the tests.
One `http --check-status --ignore-stdin --timeout=T POST URL Authorization:'Bearer KEY' ...`
per scenario: "full" adds --print=hb (headers and body), "last" keeps the default output (the
body only when stdout is not a terminal, and HTTPie's own "http: warning"/"http: error" lines).
The dead-proxy scenario sets HTTPS_PROXY, which HTTPie (requests) reads by itself. HTTPie's
background update check (packages.httpie.io) is switched off in a throwaway config dir so that
all traffic stays on loopback; it prints nothing on a first run anyway.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run_python import base_url  # the same addresses as the Python clients

MESSAGES = json.dumps([{"role": "user", "content": "Say hello"}])


def run(sc: dict[str, Any], port: str, closed: str, env: dict[str, str]) -> str:
    # the key as a shell would expand "Bearer $OPENAI_API_KEY": empty when it is not set
    key = ("" if sc["key"] == "none" else "sk-proxy-demo" if sc["base"] == "litellm"
           else "sk-pasted-demo")
    args = ["http", "--check-status", "--ignore-stdin", f"--timeout={sc.get('timeout', 10)}"]
    if sc["style"] == "full":
        args.append("--print=hb")
    if sc.get("stream"):
        args.append("--stream")
    args += ["POST", base_url(sc, port, closed) + "/chat/completions",
             f"Authorization:Bearer {key}", f"model={sc['model']}", f"messages:={MESSAGES}"]
    if sc.get("stream"):
        args.append("stream:=true")
    env = dict(env)
    if sc["base"] == "proxy":
        env["HTTPS_PROXY"] = f"http://127.0.0.1:{closed}"
    done = subprocess.run(args, capture_output=True, text=True, env=env, timeout=60)
    return done.stdout + done.stderr


def main() -> None:
    plan_path, port, closed = sys.argv[1:4]
    client = sys.argv[4] if len(sys.argv) > 4 else "httpie"
    plan = json.loads(Path(plan_path).read_text("utf-8"))
    version = subprocess.run(["http", "--version"], capture_output=True,
                             text=True).stdout.strip()
    with tempfile.TemporaryDirectory() as cfg:
        Path(cfg, "config.json").write_text('{"disable_update_warnings": true}\n', "utf-8")
        env = {k: v for k, v in os.environ.items()
               if k.lower() not in ("no_proxy", "https_proxy", "http_proxy", "all_proxy")}
        env["HTTPIE_CONFIG_DIR"] = cfg
        for sc in plan:
            if client not in sc["clients"]:
                continue
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/__set/{sc['idx']}").read()
                text = run(sc, port, closed, env)
            except Exception as e:  # the runner never dies on a scenario
                text = f"runner failure: {e!r}"
            print(json.dumps({"idx": sc["idx"], "client": client, "version": version,
                              "text": text}), flush=True)


if __name__ == "__main__":
    main()
