"""Charts as inline SVG, drawn by matplotlib (Agg-free SVG backend, text as paths).

Text is drawn as outlines (``svg.fonttype = path``), so the SVG needs no font and Chinese
renders anywhere; the XML prologue, DOCTYPE and metadata are removed, so the SVG refers to
nothing outside itself.
"""

from __future__ import annotations

import io
import re
import warnings
from collections.abc import Sequence
from typing import Any

from triage.report.labels import family_name, t

__all__ = ["chart_set"]

_PALETTE = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1",
            "#ff9da7", "#9c755f", "#bab0ac", "#86bcb6", "#d37295", "#fabfd2", "#b6992d",
            "#499894", "#79706e"]
_CJK_FONTS = ("Noto Sans CJK SC", "Noto Sans CJK JP", "Noto Sans SC", "WenQuanYi Zen Hei",
              "Source Han Sans SC", "Droid Sans Fallback")
_STRIP = [re.compile(r"<\?xml[^>]{0,200}\?>\s*"), re.compile(r"<!DOCTYPE[^>]{0,400}>\s*"),
          re.compile(r"<metadata>.{0,4000}?</metadata>\s*", re.S)]
_state: dict[str, Any] = {}


def _plt() -> Any:
    if "plt" not in _state:
        import matplotlib

        matplotlib.use("svg")
        import matplotlib.pyplot as plt
        from matplotlib import font_manager

        names = {f.name for f in font_manager.fontManager.ttflist}
        cjk = [n for n in _CJK_FONTS if n in names]
        matplotlib.rcParams.update({
            "svg.fonttype": "path", "svg.hashsalt": "triage-report",
            "font.family": ["DejaVu Sans", *cjk], "font.size": 9,
            "axes.spines.top": False, "axes.spines.right": False,
        })
        _state["plt"] = plt
    return _state["plt"]


def _svg(fig: Any) -> str:
    buffer = io.StringIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # a glyph missing from every font: drawn as a box
        fig.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    _plt().close(fig)
    text = buffer.getvalue()
    for pattern in _STRIP:
        text = pattern.sub("", text, count=1)
    return text.strip()


def _plain(text: str) -> str:
    """Log text as a literal label (matplotlib would read ``$...$`` as mathematics)."""
    return text.replace("$", r"\$")


def _families_bar(report: dict[str, Any], lang: str) -> str:
    plt = _plt()
    rows = report["families"][:15][::-1]
    fig, ax = plt.subplots(figsize=(7, 0.35 * len(rows) + 1))
    ax.barh([family_name(r["family"], lang) for r in rows], [r["count"] for r in rows],
            color=_PALETTE[0])
    ax.set_title(t(lang, "chart.families"))
    ax.set_xlabel(t(lang, "count"))
    return _svg(fig)


def _over_time(report: dict[str, Any], lang: str) -> str:
    plt = _plt()
    rows = report["over_time"]
    families = [f["family"] for f in report["families"]][:8]
    fig, ax = plt.subplots(figsize=(8, 3.2))
    xs = list(range(len(rows)))
    bottom = [0] * len(rows)
    for i, family in enumerate(families):
        ys = [r["families"].get(family, 0) for r in rows]
        ax.bar(xs, ys, bottom=bottom, color=_PALETTE[i % len(_PALETTE)],
               label=family_name(family, lang), width=0.9)
        bottom = [b + y for b, y in zip(bottom, ys, strict=True)]
    rest = [r["failed"] - b for r, b in zip(rows, bottom, strict=True)]
    if any(rest):
        ax.bar(xs, rest, bottom=bottom, color="#cccccc", width=0.9,
               label="…")
    step = max(1, len(rows) // 8)
    cut = 13 if report["period"]["bucket"] == "hour" else 10
    ax.set_xticks(xs[::step], [str(r["start"])[:cut].replace("T", " ") for r in rows][::step],
                  rotation=30, ha="right")
    ax.set_title(t(lang, "chart.time") + f" ({t(lang, 'bucket.' + report['period']['bucket'])})")
    ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False)
    return _svg(fig)


def _sides(report: dict[str, Any], lang: str) -> str:
    plt = _plt()
    order: Sequence[str] = ("user", "platform", "network", "unknown")
    values = [report["sides"][s]["count"] for s in order]
    fig, ax = plt.subplots(figsize=(7, 1.3))
    left = 0
    for i, (side, value) in enumerate(zip(order, values, strict=True)):
        ax.barh([0], [value], left=left, color=_PALETTE[i],
                label=f"{t(lang, 'side.' + side)}: {value}")
        left += value
    ax.set_yticks([])
    ax.set_title(t(lang, "chart.sides"))
    ax.legend(fontsize=7, loc="upper center", bbox_to_anchor=(0.5, -0.25), ncol=2,
              frameon=False)
    return _svg(fig)


def _models(report: dict[str, Any], lang: str) -> str:
    plt = _plt()
    rows = report["dimensions"].get("model", [])[:10][::-1]
    fig, ax = plt.subplots(figsize=(7, 0.35 * len(rows) + 1))
    ax.barh([_plain(r["name"][:40]) for r in rows], [r["failed"] for r in rows], color=_PALETTE[1])
    ax.set_title(t(lang, "chart.models"))
    ax.set_xlabel(t(lang, "count"))
    return _svg(fig)


def chart_set(report: dict[str, Any], lang: str) -> dict[str, str]:
    """The report's charts by name (none when nothing failed)."""
    if not report["totals"]["failed"]:
        return {}
    charts = {"sides": _sides(report, lang), "families": _families_bar(report, lang)}
    if len(report["over_time"]) > 0:
        charts["over_time"] = _over_time(report, lang)
    if report["dimensions"].get("model"):
        charts["models"] = _models(report, lang)
    return charts
