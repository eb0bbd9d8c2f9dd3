"""``python -m bench``: generate knowledge bases and tickets, measure side by side, report.

Every comparison runs its two sides interleaved (A B, then B A, ...) over several rounds and
reports medians and the median of the per-round ratios, so that a noisy machine slows both
sides alike. Subprocesses run with ``MALLOC_MMAP_THRESHOLD_=131072`` (see the durable-rules
notes). The table goes to stdout, progress to stderr, everything to bench/results/latest.json.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import importlib.util
import json
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

import yaml

from bench.generate import generate_kb, write_tickets

__all__ = ["Config", "main"]

REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "bench" / "results"
EXAMPLE = REPO / "examples" / "model-not-found.yaml"
# What `triage diagnose` needs besides the standard library: the rules engine, RE2 for the
# text patterns, YAML for the fact file, jinja2 for the text report.
FLOOR_MODULES = ("durable.engine", "re2", "yaml", "jinja2")
BENCH_TOOLS = {"check_jsonschema": "check-jsonschema"}  # module → package (bench-only)
SCHEMAS = (("rule", "rules", "*.yaml"), ("cases", "rules", "*.cases.yaml"),
           ("kb-entry", "kb/entries", "*.yaml"), ("glossary", "kb/glossary", "*.yaml"),
           ("checklist", "kb/checklists", "*.yaml"), ("triage-order", "kb", "triage-order.yaml"),
           ("models", "kb", "models.yaml"))


class Timing(NamedTuple):
    """Wall-clock seconds, and CPU seconds (user + system) of the child processes."""

    wall: float
    cpu: float

    def plus(self, other: Timing) -> Timing:
        return Timing(self.wall + other.wall, self.cpu + other.cpu)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


@dataclass
class Config:
    """Sizes and repetitions: the full run, or --quick for a smoke test."""

    sizes: tuple[int, ...] = (50, 500, 2000)
    entries: tuple[int, ...] = (100, 1000, 1000)   # entries in the KB of each size
    batch_tickets: int = 4000
    latency_tickets: int = 2000
    latency_rounds: int = 3
    memory_rules: int = 200
    memory_tickets: int = 100_000
    memory_every: int = 10_000
    memory_large_tickets: int = 20_000             # a shorter check at the largest size
    cold_rounds: int = 15
    first_rounds: int = 3
    rounds: int = 3                                 # batch, validation
    site_rounds: int = 3
    site_size: int = 500                            # the KB (1,000 entries) built as a site
    quick: bool = False

    @classmethod
    def quick_config(cls) -> Config:
        return cls(sizes=(20, 60), entries=(30, 30), batch_tickets=300, latency_tickets=200,
                   latency_rounds=2, memory_rules=20, memory_tickets=2000, memory_every=500,
                   memory_large_tickets=1000,
                   cold_rounds=3, first_rounds=1, rounds=2, site_rounds=1, site_size=20,
                   quick=True)


@dataclass
class Bench:
    cfg: Config
    work: Path
    env: dict[str, str]
    install: bool
    started: float = field(default_factory=time.perf_counter)
    results: dict[str, Any] = field(default_factory=dict)

    # ------------------------------------------------------------------------ plumbing
    def log(self, text: str) -> None:
        print(f"[{time.perf_counter() - self.started:6.1f}s] {text}", file=sys.stderr, flush=True)

    @property
    def py(self) -> str:
        return sys.executable

    def triage(self) -> list[str]:
        """The installed ``triage`` script of this venv if there is one, else -m triage."""
        script = Path(self.py).with_name("triage")
        return [str(script)] if script.is_file() else [self.py, "-m", "triage"]

    def run(self, cmd: Sequence[str], *, cwd: Path | None = None, out: Any = None,
            timeout: float = 900, check: bool = True
            ) -> tuple[Timing, subprocess.CompletedProcess[Any]]:
        """Run ``cmd``; its wall and CPU time and the finished process."""
        stdout = out if out is not None else subprocess.DEVNULL
        cpu0 = _children_cpu()
        t0 = time.perf_counter()
        proc = subprocess.run(list(cmd), cwd=cwd or REPO, env=self.env, stdout=stdout,
                              stderr=subprocess.PIPE, timeout=timeout, check=False)
        timing = Timing(time.perf_counter() - t0, _children_cpu() - cpu0)
        if check and proc.returncode != 0:
            err = proc.stderr.decode("utf-8", "replace").strip().splitlines()
            raise RuntimeError(f"{' '.join(map(str, cmd[:6]))} … exited {proc.returncode}: "
                               f"{err[-1] if err else ''}")
        return timing, proc

    def time(self, cmd: Sequence[str], **kw: Any) -> Timing:
        return self.run(cmd, **kw)[0]

    def capture(self, cmd: Sequence[str], **kw: Any) -> tuple[Timing, str]:
        timing, proc = self.run(cmd, out=subprocess.PIPE, **kw)
        return timing, proc.stdout.decode("utf-8")

    def interleave(self, sides: dict[str, Callable[[], Timing]], rounds: int,
                   label: str) -> dict[str, list[Timing]]:
        """Each side once per round, the order alternating between rounds."""
        times: dict[str, list[Timing]] = {name: [] for name in sides}
        names = list(sides)
        for r in range(rounds):
            for name in names if r % 2 == 0 else reversed(names):
                times[name].append(sides[name]())
            if rounds > 3:
                continue
            self.log(f"{label}: round {r + 1}/{rounds}: " + ", ".join(
                f"{n} {times[n][-1].wall:.2f}s" for n in names))
        return times

    # --------------------------------------------------------------------------- setup
    def ensure_tools(self) -> dict[str, str]:
        """Install the bench-only tools into this venv when missing (full runs only)."""
        status = {}
        for module, package in BENCH_TOOLS.items():
            if importlib.util.find_spec(module) is not None:
                status[package] = "present"
                continue
            if not self.install:
                status[package] = "missing"
                continue
            self.log(f"installing {package} into {sys.prefix} (bench only)")
            subprocess.run([self.py, "-m", "pip", "install", "-q", package], check=True)
            importlib.invalidate_caches()
            status[package] = "installed"
        return status

    def generate(self) -> None:
        cfg = self.cfg
        made = {}
        for size, entries in zip(cfg.sizes, cfg.entries, strict=True):
            t0 = time.perf_counter()
            summary = generate_kb(self.work / f"kb{size}", size, entries)
            summary["seconds"] = time.perf_counter() - t0
            made[str(size)] = summary
            self.log(f"generated {size} rules, {entries} entries "
                     f"({summary['seconds']:.1f}s): {summary['rule_kinds']}")
        if cfg.memory_rules not in cfg.sizes:
            made[str(cfg.memory_rules)] = generate_kb(self.work / f"kb{cfg.memory_rules}",
                                                      cfg.memory_rules, cfg.entries[0])
        n = max(cfg.batch_tickets, cfg.latency_tickets)
        write_tickets(self.work / "tickets.jsonl", n)
        lines = (self.work / "tickets.jsonl").read_text(encoding="utf-8").splitlines(True)
        (self.work / "tickets-1.jsonl").write_text(lines[0], encoding="utf-8")
        (self.work / "tickets-batch.jsonl").write_text("".join(lines[:cfg.batch_tickets]),
                                                       encoding="utf-8")
        self.results["generated"] = {"kbs": made, "tickets": n}

    # ---------------------------------------------------------------------- cold start
    def cold_start(self) -> dict[str, Any]:
        cfg = self.cfg
        root = self.work / "bundled"
        for name in ("rules", "kb"):
            shutil.copytree(REPO / name, root / name)
        cache_dirs = [root / ".triage-cache", Path(self.env["XDG_CACHE_HOME"]) / "triage"]
        diagnose = [*self.triage(), "diagnose", "--root", str(root), str(EXAMPLE)]
        floor = [self.py, "-c", "import " + ", ".join(FLOOR_MODULES)]

        def clear() -> None:
            for d in cache_dirs:
                shutil.rmtree(d, ignore_errors=True)

        def first() -> Timing:
            clear()
            return self.time(diagnose)

        first()  # writes the byte code of everything (PYTHONPYCACHEPREFIX), as any first use
        self.time(floor)
        self.log("cold start: first runs (no cache) against the import floor")
        firsts = self.interleave({"first": first, "floor": lambda: self.time(floor)},
                                 cfg.first_rounds, "cold start, first run")
        self.time(diagnose)  # the cache is filled: from here on every run is a warm start
        imported = self._third_party_imports(diagnose)
        self.log(f"cold start: {cfg.cold_rounds} warm runs against the import floor")
        warm = self.interleave({"diagnose": lambda: self.time(diagnose),
                                "floor": lambda: self.time(floor)},
                               cfg.cold_rounds, "cold start")
        return {
            "command": " ".join(diagnose), "floor_command": " ".join(floor),
            "third_party_imported": imported,
            "warm": _compare(warm, "diagnose", "floor"),
            "first": _compare(firsts, "first", "floor"),
            "invalidation": self._invalidation(root, cache_dirs),
        }

    def _third_party_imports(self, cmd: list[str]) -> list[str]:
        """Top-level modules from site-packages that one diagnose run imports."""
        code = ("import sys, runpy; sys.argv = ['triage', *sys.argv[1:]]\n"
                "try:\n    runpy.run_module('triage', run_name='__main__')\n"
                "except SystemExit:\n    pass\n"
                "import sysconfig; p = sysconfig.get_paths()['purelib']\n"
                "names = sorted({n.split('.')[0] for n, m in list(sys.modules.items())\n"
                "    if (getattr(m, '__file__', None) or '').startswith(p)})\n"
                "print('\\n' + ' '.join(names), file=sys.stderr)")
        _, proc = self.run([self.py, "-c", code, *cmd[cmd.index("diagnose"):]])
        lines = proc.stderr.decode().strip().splitlines()
        return lines[-1].split() if lines else []

    def _invalidation(self, root: Path, cache_dirs: list[Path]) -> dict[str, Any]:
        """Edit a rule: the next run recompiles and shows the edit; then warm again."""
        json_cmd = [*self.triage(), "diagnose", "--root", str(root), "--format", "json",
                    str(EXAMPLE)]

        def cached() -> set[str]:
            return {p.name for d in cache_dirs if d.is_dir() for p in d.glob("kb-*.marshal")}

        _, text = self.capture(json_cmd)
        before = cached()
        first = json.loads(text)["diagnoses"][0]
        path = next(root.glob(f"rules/*/{first['rule']}.yaml"))
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        data["text"]["en"]["title"] = first["title"] + " [edited]"
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False),
                        encoding="utf-8")
        edit, text = self.capture(json_cmd)
        after_edit = cached()
        shown = json.loads(text)["diagnoses"][0]["title"]
        again, _ = self.capture(json_cmd)
        after_again = cached()
        entry = next(root.glob("kb/entries/*.yaml"))
        st = entry.stat()
        os.utime(entry, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))
        touch, _ = self.capture(json_cmd)
        after_touch = cached()
        return {
            "edited_rule": first["rule"], "edit_run_s": edit.wall,
            "recompiled_after_edit": after_edit != before and bool(after_edit),
            "answer_shows_edit": shown.endswith("[edited]"),
            "next_run_s": again.wall, "next_run_reused_cache": after_again == after_edit,
            "touched": str(entry.relative_to(root)), "touch_run_s": touch.wall,
            "recompiled_after_touch": after_touch != after_again,
        }

    # ---------------------------------------------------------------------- throughput
    def throughput(self) -> dict[str, Any]:
        cfg = self.cfg
        out: dict[str, Any] = {}
        many, one = self.work / "tickets-batch.jsonl", self.work / "tickets-1.jsonl"
        for size in cfg.sizes:
            root = self.work / f"kb{size}"
            res: dict[str, Any] = {}

            def tri(path: Path, root: Path = root) -> list[str]:
                return [*self.triage(), "diagnose", "--root", str(root), "--batch", str(path),
                        "--format", "json"]

            def base(path: Path, root: Path = root) -> list[str]:
                return [self.py, "-m", "bench.worker", "batch", str(root), str(path)]

            res["first_load_s"] = self.time(tri(one)).wall  # validates, compiles, caches
            outputs = {"triage": self.work / f"out-triage-{size}.jsonl",
                       "baseline": self.work / f"out-baseline-{size}.jsonl"}

            def timed(cmd: list[str], dest: Path | None = None) -> Timing:
                if dest is None:
                    return self.time(cmd)
                with dest.open("wb") as fh:
                    return self.time(cmd, out=fh)

            sides: dict[str, Callable[[], Timing]] = {
                "triage": functools.partial(timed, tri(many), outputs["triage"]),
                "baseline": functools.partial(timed, base(many), outputs["baseline"]),
                "triage_1": functools.partial(timed, tri(one)),
                "baseline_1": functools.partial(timed, base(one)),
            }
            times = self.interleave(sides, cfg.rounds, f"--batch {size} rules")
            n = cfg.batch_tickets - 1
            rates: dict[str, dict[str, list[float]]] = {}
            for side in ("triage", "baseline"):
                pairs = list(zip(times[side], times[f"{side}_1"], strict=True))
                rates[side] = {"wall": [n / max(a.wall - b.wall, 1e-9) for a, b in pairs],
                               "cpu": [n / max(a.cpu - b.cpu, 1e-9) for a, b in pairs]}
            res.update({
                "tickets": cfg.batch_tickets,
                "times": {k: [t._asdict() for t in v] for k, v in times.items()},
                "per_s_rounds": rates,
                "triage_per_s": statistics.median(rates["triage"]["wall"]),
                "baseline_per_s": statistics.median(rates["baseline"]["wall"]),
                "ratio": _paired_ratio(rates["triage"]["wall"], rates["baseline"]["wall"]),
                "cpu_ratio": _paired_ratio(rates["triage"]["cpu"], rates["baseline"]["cpu"]),
                "startup_s": statistics.median(t.wall for t in times["triage_1"]),
                "output_lines_differing": _differing(outputs["triage"], outputs["baseline"]),
            })
            self.log(f"latency {size} rules: {cfg.latency_tickets} tickets × "
                     f"{cfg.latency_rounds} rounds in-process")
            _, text = self.capture([self.py, "-m", "bench.worker", "latency", str(root),
                                    str(self.work / "tickets.jsonl"), str(cfg.latency_tickets),
                                    str(cfg.latency_rounds)])
            res["in_process"] = json.loads(text)
            out[str(size)] = res
        return out

    # -------------------------------------------------------------------------- memory
    def memory(self) -> dict[str, Any]:
        cfg = self.cfg
        out: dict[str, Any] = {}
        for rules, n in ((cfg.memory_rules, cfg.memory_tickets),
                         (cfg.sizes[-1], cfg.memory_large_tickets)):
            self.log(f"memory: {n:,} tickets at {rules} rules")
            root = self.work / f"kb{rules}"
            self.time([*self.triage(), "diagnose", "--root", str(root), "--batch",
                       str(self.work / "tickets-1.jsonl")])  # fill the cache
            _, text = self.capture([self.py, "-m", "bench.worker", "memory", str(root),
                                    str(self.work / "tickets.jsonl"), str(n),
                                    str(max(n // 10, 1))])
            out[str(rules)] = json.loads(text)
        return out

    # ---------------------------------------------------------------------- validation
    def validation(self) -> dict[str, Any]:
        cfg = self.cfg
        root = self.work / f"kb{cfg.sizes[-1]}"
        tri = [*self.triage(), "validate", "--root", str(root)]
        if importlib.util.find_spec("check_jsonschema") is None:
            return {"error": "check-jsonschema is not installed (run without --quick)"}
        checks = []
        files_total = 0
        for schema, folder, pattern in SCHEMAS:
            files = sorted(str(p) for p in (root / folder).rglob(pattern)
                           if schema != "rule" or not p.name.endswith(".cases.yaml"))
            if schema in ("triage-order", "models"):
                files = [str(root / folder / pattern)]
            files_total += len(files)
            checks.append([self.py, "-m", "check_jsonschema", "--schemafile",
                           str(REPO / "schemas" / f"{schema}.schema.json"), *files])

        def jsonschema_all() -> Timing:
            total = Timing(0.0, 0.0)
            for cmd in checks:
                total = total.plus(self.time(cmd))
            return total

        self.time(tri)  # byte code and disk cache, for both sides
        times = self.interleave({"triage": lambda: self.time(tri),
                                 "check-jsonschema": jsonschema_all}, cfg.rounds, "validate")
        return {"files": files_total, "invocations": len(checks),
                **_compare(times, "triage", "check-jsonschema"),
                "lines": self._lines_check(checks)}

    def _lines_check(self, checks: list[list[str]]) -> dict[str, Any]:
        """A broken rule: triage names file:line:col; check-jsonschema a JSON path."""
        root = self.work / "broken"
        small = self.work / f"kb{self.cfg.sizes[0]}"
        for name in ("rules", "kb"):
            shutil.copytree(small / name, root / name)
        path = next(p for p in sorted((root / "rules").rglob("*.yaml"))
                    if not p.name.endswith(".cases.yaml"))
        text = path.read_text(encoding="utf-8")
        path.write_text(re.sub(r"(?m)^confidence: .*$", "confidence: high", text),
                        encoding="utf-8")
        _, proc = self.run([*self.triage(), "validate", "--root", str(root)], check=False,
                           out=subprocess.PIPE)
        triage_line = proc.stdout.decode().strip().splitlines()[:1]
        _, proc = self.run([*checks[0][:5], str(path)], check=False, out=subprocess.PIPE)
        other = [ln.strip() for ln in proc.stdout.decode().splitlines() if ln.strip()]
        rel = str(path.relative_to(root))
        return {"triage": triage_line[0] if triage_line else "",
                "triage_gives_line": bool(triage_line and re.match(
                    rf"{re.escape(rel)}:\d+:\d+", triage_line[0])),
                "check_jsonschema": " | ".join(other[-3:])}

    # ---------------------------------------------------------------------- site build
    def site(self) -> dict[str, Any]:
        cfg = self.cfg
        root = self.work / f"kb{cfg.site_size}"
        out, src = self.work / "site-triage", self.work / "site-src"
        plain = self.work / "site-plain"
        tri = [*self.triage(), "build", "--root", str(root), "--out", str(out), "-q"]
        first, proc = self.run([*tri, "--sources", str(src)], check=False)
        if proc.returncode != 0 or not (src / "mkdocs.yml").is_file():
            err = proc.stderr.decode("utf-8", "replace").strip().splitlines()
            return {"error": "triage build is not available: "
                    + (err[-1] if err else f"exit {proc.returncode}")}
        mk = [self.py, "-m", "mkdocs", "build", "-q", "-f", str(src / "mkdocs.yml"), "-d",
              str(plain)]
        self.time(mk, cwd=src)  # byte code and disk cache, like triage's first build
        pages = sum(1 for _ in (src / "docs").rglob("*.md"))
        times = self.interleave({"triage": lambda: self.time(tri),
                                 "mkdocs": lambda: self.time(mk, cwd=src)},
                                cfg.site_rounds, "site build")
        return {"entries": self.results["generated"]["kbs"][str(cfg.site_size)]["entries"],
                "rules": cfg.site_size, "markdown_pages": pages, "first_build_s": first.wall,
                **_compare(times, "triage", "mkdocs")}


# ------------------------------------------------------------------------------ reporting

def _paired_ratio(a: list[float], b: list[float]) -> float:
    """The median of the per-round ratios a/b (the rounds ran interleaved)."""
    return statistics.median(x / y for x, y in zip(a, b, strict=True) if y)


def _compare(times: dict[str, list[Timing]], a: str, b: str) -> dict[str, Any]:
    """Both sides' times, medians, and the paired ratios a/b of wall and of CPU time."""
    out: dict[str, Any] = {}
    for side in (a, b):
        walls, cpus = [t.wall for t in times[side]], [t.cpu for t in times[side]]
        out[side] = {"wall_s": walls, "cpu_s": cpus, "wall_median_s": statistics.median(walls),
                     "cpu_median_s": statistics.median(cpus)}
    out["ratio"] = _paired_ratio([t.wall for t in times[a]], [t.wall for t in times[b]])
    out["cpu_ratio"] = _paired_ratio([t.cpu for t in times[a]], [t.cpu for t in times[b]])
    return out


def _differing(a: Path, b: Path) -> int:
    la = a.read_text(encoding="utf-8").splitlines()
    lb = b.read_text(encoding="utf-8").splitlines()
    return sum(1 for x, y in zip(la, lb, strict=False) if x != y) + abs(len(la) - len(lb))


def _verdict(ratio: float, limit: float, higher_is_better: bool = False) -> str:
    miss = (1 - ratio / limit) if higher_is_better else (ratio / limit - 1)
    if miss <= 0:
        return "met"
    return f"MISSED by {miss * 100:.1f}%" if miss < 0.1 else f"MISSED by {miss * 100:.0f}%"


Row = tuple[str, str, str, str, str, str, str]


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def rows(results: dict[str, Any]) -> list[Row]:
    """(measure, triage, reference, ratio, cpu ratio, target, verdict) for the table."""
    out: list[Row] = []

    def error(name: str, section: dict[str, Any], target: str = "") -> None:
        out.append((name, "not measured", section["error"][:70], "", "", target, ""))

    cold = results.get("cold_start", {})
    if "error" in cold:
        error("cold start", cold, "<= 1.5x")
    elif cold:
        w, f, inv = cold["warm"], cold["first"], cold["invalidation"]
        out.append(("cold start, warm cache: diagnose", _ms(w["diagnose"]["wall_median_s"]),
                    f"{_ms(w['floor']['wall_median_s'])} import floor",
                    f"{w['ratio']:.2f}x", f"{w['cpu_ratio']:.2f}x", "<= 1.5x",
                    _verdict(w["ratio"], 1.5)))
        out.append(("cold start, first run (fills cache)", _ms(f["first"]["wall_median_s"]),
                    f"{_ms(f['floor']['wall_median_s'])} import floor", f"{f['ratio']:.2f}x",
                    f"{f['cpu_ratio']:.2f}x", "info", ""))
        ok = inv["recompiled_after_edit"] and inv["answer_shows_edit"] and inv[
            "next_run_reused_cache"] and inv["recompiled_after_touch"]
        out.append(("cache after a rule edit / a touch", f"{_ms(inv['edit_run_s'])} / "
                    f"{_ms(inv['touch_run_s'])}", f"next run {_ms(inv['next_run_s'])}", "", "",
                    "recompiles, shows edit", "met" if ok else "MISSED"))
    thr = results.get("throughput", {})
    if "error" in thr:
        error("throughput", thr, ">= 1.0x")
    sizes = [k for k in thr if k != "error"]
    for size in sizes:
        t = thr[size]
        last = size == sizes[-1]
        out.append((f"--batch tickets/s, {size} rules", f"{t['triage_per_s']:.0f}/s",
                    f"{t['baseline_per_s']:.0f}/s Python", f"{t['ratio']:.2f}x",
                    f"{t['cpu_ratio']:.2f}x", ">= 1.0x (rate)" if last else "info (rate)",
                    _verdict(t["ratio"], 1.0, True) if last else ""))
        ip = t["in_process"]
        for label, a, b in (("per ticket", "ticket_durable", "ticket_baseline"),
                            ("matching only", "match_durable", "match_baseline")):
            da, db = ip[a], ip[b]
            out.append((f"  {label} p50/p99, {size} rules",
                        f"{da['p50_us']:.0f}/{da['p99_us']:.0f} us",
                        f"{db['p50_us']:.0f}/{db['p99_us']:.0f} us Python",
                        f"{da['p50_us'] / db['p50_us']:.2f}x" if db["p50_us"] else "",
                        f"{db['cpu_per_s'] / da['cpu_per_s']:.2f}x" if da["cpu_per_s"] else "",
                        "info (p50 time)", ""))
        bad = ip["mismatches"] + t["output_lines_differing"]
        out.append((f"  same rules fired, {size} rules",
                    f"{ip['mismatches']} of {ip['tickets']:,} differ",
                    f"{t['output_lines_differing']} of {t['tickets']:,} outputs differ",
                    f"{ip['fired_mean']:.1f} fired/ticket", "", "0", "met" if bad == 0
                    else "MISSED"))
    mem = results.get("memory", {})
    if "error" in mem:
        error("memory", mem, "flat")
    for i, m in enumerate(v for k, v in mem.items() if k != "error"):
        first = m["samples"][1][1] if len(m["samples"]) > 1 else m["rss_loaded_mb"]
        flat = m["growth_after_first_mb"] <= 5
        out.append((f"RSS over {m['tickets']:,} tickets, {m['rules']} rules",
                    f"{first:.0f} -> {m['samples'][-1][1]:.0f} MB",
                    f"{m['rss_loaded_mb']:.0f} MB once loaded",
                    f"+{m['growth_after_first_mb']:.1f} MB", "",
                    "flat (<= +5 MB)" if i == 0 else "info",
                    ("met" if flat else "MISSED") if i == 0 else ""))
    val = results.get("validation", {})
    if "error" in val:
        error("validate", val, "<= 1.0x")
    elif val:
        lines = val["lines"]["triage_gives_line"]
        out.append((f"validate {val['files']:,} files", f"{val['triage']['wall_median_s']:.1f} s",
                    f"{val['check-jsonschema']['wall_median_s']:.1f} s check-jsonschema",
                    f"{val['ratio']:.2f}x", f"{val['cpu_ratio']:.2f}x", "<= 1.0x, with lines",
                    _verdict(val["ratio"], 1.0) if lines else "MISSED (no line numbers)"))
    site = results.get("site", {})
    if "error" in site:
        error("site build", site, "<= 1.3x")
    elif site:
        out.append((f"build {site['entries']:,} entries x 2 langs, {site['rules']} rules",
                    f"{site['triage']['wall_median_s']:.1f} s",
                    f"{site['mkdocs']['wall_median_s']:.1f} s plain mkdocs",
                    f"{site['ratio']:.2f}x", f"{site['cpu_ratio']:.2f}x", "<= 1.3x",
                    _verdict(site["ratio"], 1.3)))
    return out


def table(results: dict[str, Any]) -> str:
    header = ("measure", "triage", "reference", "ratio", "cpu ratio", "target", "verdict")
    body = rows(results)
    widths = [max(len(r[i]) for r in [header, *body]) for i in range(len(header))]

    def line(r: Sequence[str]) -> str:
        return "| " + " | ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) + " |"

    sep = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
    return "\n".join([line(header), sep, *(line(r) for r in body)])


# ----------------------------------------------------------------------------------- main

def _env(work: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in ("TRIAGE_ROOT", "TRIAGE_NO_CACHE", "TRIAGE_CACHE_DIR", "PYTHONSTARTUP")}
    # Byte code is cached, as an installed triage has it, in our folder, not the source tree.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(work / "pycache")
    env["MALLOC_MMAP_THRESHOLD_"] = "131072"
    env["NO_MKDOCS_2_WARNING"] = "1"
    env["XDG_CACHE_HOME"] = str(work / "xdg")
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO), env.get("PYTHONPATH", "")) if p)
    return env


def _machine() -> dict[str, Any]:
    info: dict[str, Any] = {"python": sys.version.split()[0], "platform": platform.platform(),
                            "cpus": os.cpu_count()}
    with contextlib.suppress(OSError):
        info["commit"] = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO,
                                        capture_output=True, text=True, check=False,
                                        timeout=10).stdout.strip()
    return info


SECTIONS = ("cold_start", "throughput", "memory", "validation", "site")


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="tiny sizes: a smoke run (about a minute)")
    ap.add_argument("--only", action="append", choices=SECTIONS,
                    help="run only this part (repeatable)")
    ap.add_argument("--out", type=Path, default=None,
                    help="JSON results (default bench/results/latest.json; quick.json with "
                         "--quick)")
    ap.add_argument("--keep", action="store_true", help="keep the generated files")
    ap.add_argument("--no-install", action="store_true",
                    help="do not pip-install missing bench tools (check-jsonschema)")
    args = ap.parse_args(argv)
    cfg = Config.quick_config() if args.quick else Config()
    work = Path(tempfile.mkdtemp(prefix="triage-bench-"))
    bench = Bench(cfg, work, _env(work), install=not (args.quick or args.no_install))
    bench.results.update({"machine": _machine(), "config": cfg.__dict__,
                          "work": str(work)})
    try:
        bench.results["tools"] = bench.ensure_tools()
        bench.generate()
        for section in args.only or SECTIONS:
            t0 = time.perf_counter()
            try:
                bench.results[section] = getattr(bench, section)()
            except (RuntimeError, OSError, ValueError, KeyError, IndexError, StopIteration,
                    subprocess.TimeoutExpired) as exc:
                bench.results[section] = {"error": f"{type(exc).__name__}: {exc}"}
                bench.log(f"{section} failed: {exc}")
            bench.results.setdefault("seconds", {})[section] = time.perf_counter() - t0
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    bench.results["total_s"] = time.perf_counter() - bench.started
    out = args.out or RESULTS / ("quick.json" if args.quick else "latest.json")
    out.parent.mkdir(parents=True, exist_ok=True)
    bench.results["table"] = table(bench.results)
    out.write_text(json.dumps(bench.results, indent=1, default=str), encoding="utf-8")
    print(bench.results["table"])
    print(f"\n{bench.results['total_s']:.0f} s in all; details in {out}")
    return 0
