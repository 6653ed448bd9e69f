"""Charts of indicators as static SVG, drawn at build time with pygal.

pygal's defaults do not suit a private, deterministic site: every chart links a tooltip
script on another host, carries a random id and a comment with the day it was drawn. Here
the script is dropped (the SVG needs no JavaScript: the values are also in the table beside
it), the id is derived from the indicator and comments are removed, so that the same
content always gives the same bytes and the chart loads nothing from anywhere.
"""

from __future__ import annotations

from datetime import date

import pygal
from pygal.style import Style

from ..content.i18n import ENGLISH, Language
from ..content.schema import Indicator
from ..content.translated import tr_text
from .figures import number_text
from .present import short_date

STYLE = Style(
    font_family='system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif',
    background="#ffffff",
    plot_background="#ffffff",
    foreground="#1b1b1b",
    foreground_strong="#1b1b1b",
    foreground_subtle="#767676",
    colors=("#0b4f8a", "#8b1a1a", "#1d5e20"),
    label_font_size=13,
    major_label_font_size=13,
    legend_font_size=13,
    value_font_size=13,
    title_font_size=15,
    opacity="1",
    opacity_hover="1",
    guide_stroke_color="#d6d6d6",
    major_guide_stroke_color="#d6d6d6",
    guide_stroke_dasharray="2,4",
    major_guide_stroke_dasharray="2,4",
)
MAX_X_LABELS = 8


def _axis_number(number: float, language: Language | None = None) -> str:
    return number_text(int(number) if float(number).is_integer() else number, language)


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _cleaner(title: str):
    """Drop scripts and comments from pygal's tree (no JavaScript, no build date), and name
    the chart after its indicator instead of 'Pygal'."""

    def clean(tree):
        for parent in list(tree.iter()):
            for child in list(parent):
                if not isinstance(child.tag, str) or _local(child.tag) == "script":
                    parent.remove(child)
                elif _local(child.tag) == "title" and parent is tree:
                    child.text = title
        return tree

    return clean


def _x_labels(days: list[date]) -> list[int]:
    step = max(1, -(-len(days) // MAX_X_LABELS))
    chosen = days[::step]
    if chosen[-1] != days[-1]:
        chosen.append(days[-1])
    return [day.toordinal() for day in chosen]


def chart_svg(indicator: Indicator, language: Language | None = None) -> str:
    """The series of `indicator` as a standalone SVG document (text), labelled in
    `language` (None: English)."""
    _ = (language or ENGLISH).gettext
    values = indicator.values
    days = [v.date for v in values]
    first, last = days[0].toordinal(), days[-1].toordinal()
    pad = max(3, (last - first) // 25)  # keeps the first and last dots off the axes
    chart = pygal.XY(
        style=STYLE,
        width=720,
        height=340,
        js=[],  # no tooltip script from another host
        disable_xml_declaration=False,
        show_legend=any(v.value is None for v in values),
        legend_at_bottom=True,
        legend_at_bottom_columns=3,
        x_labels=_x_labels(days),
        x_value_formatter=lambda x: short_date(date.fromordinal(int(x)), language),
        value_formatter=lambda y: _axis_number(y, language),
        x_label_rotation=0,
        truncate_label=-1,
        range=(0, max(_top(v) for v in values) * 1.1 or 1),
        xrange=(first - pad, last + pad),
        max_scale=6,
        include_x_axis=True,
        dots_size=4,
        stroke_style={"width": 2},
        print_values=False,
        explicit_size=True,
        margin=16,
        margin_right=48,
    )
    # A fixed id instead of pygal's random one (it also prefixes every CSS rule).
    chart.uuid = f"indicator-{indicator.id}"
    chart.add_xml_filter(_cleaner(tr_text(indicator, "title", language)))
    points: list[tuple[int, float] | None] = [
        (v.date.toordinal(), v.value) for v in values if v.value is not None
    ]
    lows = [(v.date.toordinal(), v.min) for v in values if v.value is None and v.min is not None]
    highs = [(v.date.toordinal(), v.max) for v in values if v.value is None and v.max is not None]
    chart.add(tr_text(indicator, "unit", language), points or [None])
    dashed = {"width": 2, "dasharray": "6,4"}
    if lows:
        chart.add(_("at least (lower bound)"), lows, stroke_style=dashed)
    if highs:
        chart.add(_("at most (upper bound)"), highs, stroke_style=dashed)
    return chart.render(is_unicode=True)


def _top(value) -> float:
    return max(x for x in (value.value, value.min, value.max) if x is not None)
