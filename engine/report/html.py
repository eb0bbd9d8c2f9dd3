"""The report as one self-contained HTML file: inline CSS and SVG, no script, no fetch.

Every value is escaped where it is written (log text is data); links are only the answer
pages the knowledge base names, and only http(s).
"""

from __future__ import annotations

from html import escape
from typing import Any

from triage.report.charts import chart_set
from triage.report.labels import family_name, t

__all__ = ["render_html"]

_CSS = """
body{font-family:system-ui,-apple-system,"Noto Sans CJK SC","Noto Sans",sans-serif;
margin:2rem auto;max-width:1100px;padding:0 1rem;color:#222;line-height:1.45}
h1{font-size:1.6rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #ddd}
table{border-collapse:collapse;width:100%;margin:.5rem 0;font-size:.9rem}
th,td{border:1px solid #ddd;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#f5f5f5}td.n{text-align:right;font-variant-numeric:tabular-nums}
.chart svg{max-width:100%;height:auto}.cards{display:flex;gap:1rem;flex-wrap:wrap}
.card{border:1px solid #ddd;border-radius:6px;padding:.6rem 1rem;min-width:9rem}
.card b{display:block;font-size:1.4rem}code,pre{font-size:.8rem;white-space:pre-wrap;
word-break:break-all;background:#f7f7f7;padding:.2rem .4rem;margin:.2rem 0;display:block}
""".strip()


def _e(value: Any) -> str:
    return escape(str(value), quote=True)


def _pct(share: float) -> str:
    return f"{share * 100:.1f}%"


def _link(url: str, text: str) -> str:
    if not url.startswith(("https://", "http://")):
        return _e(text)
    return f'<a href="{_e(url)}">{_e(text)}</a>'


def _table(head: list[str], rows: list[list[str]], numeric: set[int]) -> str:
    out = ["<table><thead><tr>", *(f"<th>{_e(h)}</th>" for h in head), "</tr></thead><tbody>"]
    for row in rows:
        out.append("<tr>" + "".join(f'<td class="n">{c}</td>' if i in numeric else f"<td>{c}</td>"
                                    for i, c in enumerate(row)) + "</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def _chart(charts: dict[str, str], name: str) -> str:
    svg = charts.get(name)
    return f'<div class="chart" data-chart="{_e(name)}">{svg}</div>' if svg else ""


def _families(report: dict[str, Any], lang: str) -> str:
    rows = [[_e(family_name(f["family"], lang)) + f" <small>{_e(f['family'])}</small>",
             _e(f["count"]), _pct(f["share"])] for f in report["families"]]
    return _table([t(lang, "family"), t(lang, "count"), t(lang, "share")], rows, {1, 2})


def _causes(report: dict[str, Any], lang: str) -> str:
    rows = []
    for c in report["causes"][:30]:
        answers = " ".join(_link(a["url"], a["id"]) for a in c["answers"]) or "—"
        examples = "".join(f"<code>{_e(x)}</code>" for x in c["examples"])
        rows.append([f"<b>{_e(c['cause'])}</b><br><small>{_e(family_name(c['family'], lang))}"
                     f"</small>", _e(c["count"]), _pct(c["share"]),
                     _e(t(lang, "side." + c["side"])), answers, examples])
    return _table([t(lang, "cause"), t(lang, "count"), t(lang, "share"), t(lang, "owner"),
                   t(lang, "answer"), t(lang, "examples")], rows, {1, 2})


def _dimension(rows: list[dict[str, Any]], lang: str) -> str:
    body = [[_e(r["name"]), _e(r["failed"]), _pct(r["share"]),
             _e(", ".join(f"{family_name(f, lang)} {n}"
                          for f, n in list(r["families"].items())[:3]))] for r in rows]
    return _table([t(lang, "name"), t(lang, "count"), t(lang, "share"),
                   t(lang, "top_family")], body, {1, 2})


def _baseline(base: dict[str, Any], lang: str) -> str:
    out = [f"<h2>{_e(t(lang, 'baseline'))}</h2><p>{_e(base['source'])} "
           f"({_e(base.get('generated') or '')})</p>"]
    out.append(f"<h3>{_e(t(lang, 'new'))}</h3>")
    out.append(_table([t(lang, "cause"), t(lang, "count"), t(lang, "share")],
                      [[_e(c["cause"]), _e(c["count"]), _pct(c["share"])] for c in base["new"]],
                      {1, 2}) if base["new"] else f"<p>{_e(t(lang, 'none'))}</p>")
    out.append(f"<h3>{_e(t(lang, 'rising'))}</h3>")
    out.append(_table([t(lang, "cause"), t(lang, "before"), t(lang, "share"),
                       t(lang, "change")],
                      [[_e(c["cause"]), _pct(c["before_share"]), _pct(c["share"]),
                        "+" + _pct(c["change"])] for c in base["rising"]], {1, 2, 3})
               if base["rising"] else f"<p>{_e(t(lang, 'none'))}</p>")
    if base["gone"]:
        out.append(f"<h3>{_e(t(lang, 'gone'))}</h3><p>{_e(', '.join(base['gone']))}</p>")
    return "".join(out)


def render_html(report: dict[str, Any]) -> str:
    lang = report["lang"]
    charts = chart_set(report, lang)
    tot = report["totals"]
    period = report["period"]
    parts = [
        f'<!DOCTYPE html><html lang="{"zh-CN" if lang == "zh" else "en"}"><head>'
        '<meta charset="utf-8"><meta name="viewport" content="width=device-width">'
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
        "style-src 'unsafe-inline'; img-src data:\">"
        f"<title>{_e(t(lang, 'title'))}</title><style>{_CSS}</style></head><body>",
        f"<h1>{_e(t(lang, 'title'))}</h1>",
        f"<p>{_e(t(lang, 'period'))}: {_e(period['first'] or '—')} → "
        f"{_e(period['last'] or '—')} · {_e(t(lang, 'generated'))}: {_e(report['generated'])}"
        f"<br>{_e(t(lang, 'inputs'))}: "
        + _e(", ".join(f"{i['name']} ({i['format']}, {i['container']})"
                       for i in report["inputs"])) + "</p>",
        '<div class="cards">'
        + "".join(f'<div class="card"><b>{_e(f"{tot[k]:,}")}</b>{_e(t(lang, label))}</div>'
                  for k, label in (("lines", "lines"), ("requests", "requests"),
                                   ("failed", "failed"), ("diagnosed", "diagnosed"),
                                   ("bad_lines", "bad")))
        + "</div>",
    ]
    if not tot["failed"]:
        parts.append(f"<p>{_e(t(lang, 'no_failures'))}</p>")
    else:
        parts.append(f"<h2>{_e(t(lang, 'sides'))}</h2>" + _chart(charts, "sides"))
        parts.append(_table([t(lang, "owner"), t(lang, "count"), t(lang, "share")],
                            [[_e(t(lang, "side." + s)), _e(v["count"]), _pct(v["share"])]
                             for s, v in report["sides"].items()], {1, 2}))
        parts.append(f"<h2>{_e(t(lang, 'families'))}</h2>" + _chart(charts, "families")
                     + _families(report, lang))
        parts.append(f"<h2>{_e(t(lang, 'causes'))}</h2>" + _causes(report, lang))
        if report.get("baseline"):
            parts.append(_baseline(report["baseline"], lang))
        parts.append(f"<h2>{_e(t(lang, 'over_time'))} "
                     f"({_e(t(lang, 'bucket.' + period['bucket']))})</h2>"
                     + _chart(charts, "over_time"))
        parts.append(_table([t(lang, "start"), t(lang, "requests"), t(lang, "failed")],
                            [[_e(r["start"]), _e(r["requests"]), _e(r["failed"])]
                             for r in report["over_time"]], {1, 2}))
        for dim, rows in report["dimensions"].items():
            parts.append(f"<h2>{_e(t(lang, 'dim.' + dim))}</h2>"
                         + (_chart(charts, "models") if dim == "model" else "")
                         + _dimension(rows, lang))
    bad = report["bad_lines"]
    if bad["count"]:
        parts.append(f"<h2>{_e(t(lang, 'bad_samples'))}: {_e(bad['count'])}</h2>"
                     + "".join(f"<code>{_e(s)}</code>" for s in bad["samples"]))
    parts.append("</body></html>\n")
    return "\n".join(parts)
