"""The report as Markdown (tables; no charts), for tickets and chat."""

from __future__ import annotations

from typing import Any

from triage.report.labels import family_name, t

__all__ = ["render_markdown"]


def _cell(value: Any) -> str:
    text = str(value).replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")
    for ch in "`*_[]<>":
        text = text.replace(ch, "\\" + ch)
    return text


def _pct(share: float) -> str:
    return f"{share * 100:.1f}%"


def _table(head: list[str], rows: list[list[str]]) -> list[str]:
    return ["| " + " | ".join(head) + " |", "|" + "---|" * len(head),
            *("| " + " | ".join(r) + " |" for r in rows), ""]


def render_markdown(report: dict[str, Any]) -> str:
    lang = report["lang"]
    tot = report["totals"]
    out = [f"# {t(lang, 'title')}", "",
           f"{t(lang, 'period')}: {report['period']['first'] or '—'} → "
           f"{report['period']['last'] or '—'}", "",
           f"- {tot['lines']:,} {t(lang, 'lines')}, {tot['requests']:,} {t(lang, 'requests')}, "
           f"{tot['failed']:,} {t(lang, 'failed')}",
           f"- {t(lang, 'diagnosed')}: {tot['diagnosed']:,}; {t(lang, 'undiagnosed')}: "
           f"{tot['undiagnosed']:,}; {t(lang, 'bad')}: {tot['bad_lines']:,}", ""]
    if not tot["failed"]:
        return "\n".join([*out, t(lang, "no_failures"), ""])
    out += [f"## {t(lang, 'sides')}", ""]
    out += _table([t(lang, "owner"), t(lang, "count"), t(lang, "share")],
                  [[t(lang, "side." + s), str(v["count"]), _pct(v["share"])]
                   for s, v in report["sides"].items()])
    out += [f"## {t(lang, 'families')}", ""]
    out += _table([t(lang, "family"), t(lang, "count"), t(lang, "share")],
                  [[family_name(f["family"], lang), str(f["count"]), _pct(f["share"])]
                   for f in report["families"]])
    out += [f"## {t(lang, 'causes')}", ""]
    for c in report["causes"][:15]:
        links = ", ".join(f"[{_cell(a['id'])}]({a['url']})" for a in c["answers"])
        out.append(f"### {_cell(c['cause'])} — {c['count']:,} ({_pct(c['share'])})")
        out.append("")
        out.append(f"{family_name(c['family'], lang)} · {t(lang, 'side.' + c['side'])}"
                   + (f" · {t(lang, 'answer')}: {links}" if links else ""))
        out.append("")
        for example in c["examples"]:
            out.append("    " + example.replace("\n", " "))
        out.append("")
    base = report.get("baseline")
    if base:
        out += [f"## {t(lang, 'baseline')}", "", f"### {t(lang, 'new')}", ""]
        out += _table([t(lang, "cause"), t(lang, "count"), t(lang, "share")],
                      [[_cell(c["cause"]), str(c["count"]), _pct(c["share"])]
                       for c in base["new"]]) if base["new"] else [t(lang, "none"), ""]
        out += [f"### {t(lang, 'rising')}", ""]
        out += _table([t(lang, "cause"), t(lang, "before"), t(lang, "share")],
                      [[_cell(c["cause"]), _pct(c["before_share"]), _pct(c["share"])]
                       for c in base["rising"]]) if base["rising"] else [t(lang, "none"), ""]
    for dim, rows in report["dimensions"].items():
        out += [f"## {t(lang, 'dim.' + dim)}", ""]
        out += _table([t(lang, "name"), t(lang, "count"), t(lang, "share")],
                      [[_cell(r["name"]), str(r["failed"]), _pct(r["share"])] for r in rows])
    if report["bad_lines"]["count"]:
        out += [f"## {t(lang, 'bad_samples')}: {report['bad_lines']['count']}", ""]
        out += ["    " + s for s in report["bad_lines"]["samples"]] + [""]
    return "\n".join(out)
