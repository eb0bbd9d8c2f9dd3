"""Re-score the blind (leave-one-client-out) figures of tests/data/pasted/blind.json.

Every round of blind.json names the commit whose rules, answers and engine scored its clients
before any change was made because of them. This takes that commit's ``engine rules kb
schemas`` out of git (``git archive``, nothing in the checkout changes), imports the engine
from there in a child process and scores the clients' cases as they are in the corpus now.
The figures it prints must equal the recorded ones: that is what makes them blind.

    .venv/bin/python -m tests.pasted_blind          # every round
Needs the git history (a clone, not a wheel or an archive).
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
PASTED = ROOT / "tests" / "data" / "pasted"

# run in the child, with the old engine first on sys.path; argv: root, "text" or "message",
# then the files. "text": a pasted text as error.message; "message": a mined message as the
# facts tests/corpus.py:case_facts makes of it (status and body, or a client-side text)
_SCORE = """
import json, sys
from pathlib import Path
import yaml
from triage.api import load_diagnoser
diagnoser = load_diagnoser(Path(sys.argv[1]))

def facts(case):
    if sys.argv[2] == "text":
        return {"error": {"message": case["text"]}}
    request = {k: case[k] for k in ("endpoint", "model") if case.get(k)}
    if case.get("status") is None:
        return {"request": request, "error": {"message": case["body"]}}
    return {"request": request, "response": {"status": case["status"], "body": case["body"]}}

out = {}
for name in sys.argv[3:]:
    cases = yaml.safe_load(Path(name).read_text(encoding="utf-8"))
    right, misses, split = 0, [], {}
    for case in cases:
        result = diagnoser.diagnose(facts(case), "en")
        got = result["diagnoses"][0]["family"] if result["diagnoses"] else "none"
        part = split.setdefault(case.get("split", "all"), [0, 0])
        part[1] += 1
        if got == case["label"]:
            right += 1
            part[0] += 1
        else:
            misses.append([case["id"], case["label"], got])
    out[Path(name).stem] = {"right": right, "total": len(cases), "misses": misses,
                            "split": split}
print(json.dumps(out))
"""


def rounds() -> list[dict[str, Any]]:
    data = json.loads((PASTED / "blind.json").read_text(encoding="utf-8"))
    return list(data["rounds"])


def has_commit(commit: str) -> bool:
    done = subprocess.run(["git", "-C", str(ROOT), "cat-file", "-e", f"{commit}^{{commit}}"],
                          capture_output=True)
    return done.returncode == 0


def rescore(commit: str, clients: list[str]) -> dict[str, dict[str, Any]]:
    """Each client's right/total/misses with the engine and sources of ``commit``."""
    return rescore_files(commit, [PASTED / f"{c}.yaml" for c in clients])


def rescore_files(commit: str, paths: list[Path], kind: str = "text") -> dict[str, dict[str, Any]]:
    """Right/total/misses (and right/total by ``split``) of each corpus file, by its stem,
    with the engine and sources of ``commit``; a case is right when the first diagnosis
    names its label. ``kind``: "text" (pasted texts) or "message" (mined messages)."""
    with tempfile.TemporaryDirectory(prefix="triage-blind-") as tmp:
        old = Path(tmp) / "root"
        old.mkdir()
        tar = subprocess.run(["git", "-C", str(ROOT), "archive", commit, "engine", "rules",
                              "kb", "schemas"], capture_output=True, check=True).stdout
        with tarfile.open(fileobj=io.BytesIO(tar)) as archive:
            if hasattr(tarfile, "data_filter"):
                archive.extractall(old, filter="data")
            else:  # Python before 3.11.4; the archive is our own history
                archive.extractall(old)
        shim = Path(tmp) / "path"
        shim.mkdir()
        (shim / "triage").symlink_to(old / "engine", target_is_directory=True)
        env = {**os.environ, "PYTHONPATH": str(shim), "TRIAGE_CACHE_DIR": str(Path(tmp) / "c")}
        files = [str(Path(path).resolve()) for path in paths]
        done = subprocess.run([sys.executable, "-c", _SCORE, str(old), kind, *files], env=env,
                              capture_output=True, text=True, cwd=tmp, timeout=900)
        if done.returncode:
            raise RuntimeError(f"scoring at {commit} failed:\n{done.stderr[-3000:]}")
        return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def main() -> int:
    worst = 0
    pooled = [0, 0]
    for round_ in rounds():
        commit = round_["commit"]
        clients = list(round_["clients"])
        got = rescore(commit, clients)
        print(f"round of {round_['date']} at {commit[:10]}: {round_['what']}")
        for client in clients:
            rec = round_["clients"][client]
            now = got[client]
            same = (now["right"], now["total"]) == (rec["right"], rec["total"])
            worst |= not same
            pooled[0] += now["right"]
            pooled[1] += now["total"]
            print(f"  {client:18} {now['right']:3}/{now['total']:<3} "
                  f"{100 * now['right'] / now['total']:5.1f}%"
                  + ("" if same else f"   DIFFERS from recorded {rec['right']}/{rec['total']}"))
            if "--misses" in sys.argv:
                for miss in now["misses"]:
                    print("    miss", *miss)
    print(f"all held-out clients, blind: {pooled[0]}/{pooled[1]} "
          f"({100 * pooled[0] / pooled[1]:.1f}%)")
    return int(worst)


if __name__ == "__main__":
    raise SystemExit(main())
