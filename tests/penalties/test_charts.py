"""The dashboard's SVG charts: readable text at the size they are drawn, one slot per
month, gaps where a month has nothing to measure."""

import re
import xml.etree.ElementTree as ET
from decimal import Decimal
from pathlib import Path

from django.conf import settings

from penalties.reports import charts

SVG = "{http://www.w3.org/2000/svg}"
CSS = Path(settings.BASE_DIR) / "penalties" / "static" / "penalties" / "reports.css"


def parse(chart):
    return ET.fromstring(str(chart.svg))


def months(values_a, values_b):
    rows = [[f"M{i + 1}", a, b] for i, (a, b) in enumerate(zip(values_a, values_b, strict=True))]
    ticks = [(str(i + 1), "2026" if i == 0 else "") for i in range(len(rows))]
    return charts.month_chart(
        "t", "T", ["Month", "A", "B"], rows, ticks=ticks, labels=[r[0] for r in rows]
    )


def slot_centres(svg, count):
    left, right = 52, 12  # the plot's margins in month_chart
    width = float(svg.get("viewBox").split()[2])
    slot = (width - left - right) / count
    return [left + (i + 0.5) * slot for i in range(count)]


def points(svg, css):
    found = []
    for line in svg.iter(f"{SVG}polyline"):
        if line.get("class") == f"line {css}":
            found.append([float(p.split(",")[0]) for p in line.get("points").split()])
    return found


def dots(svg, css):
    return [float(c.get("cx")) for c in svg.iter(f"{SVG}circle") if c.get("class") == f"dot {css}"]


def test_each_month_has_a_slot_of_its_own_across_the_whole_width():
    a = [None] * 10 + [Decimal("90"), Decimal("80")]
    svg = parse(months(a, [None] * 12))

    centres = slot_centres(svg, 12)
    # Two months of data stay in their own slots, the eleventh and twelfth.
    assert points(svg, "a") == [centres[10:]]
    assert centres[0] < 100 and centres[-1] > 800  # from one edge of an 880-wide chart to the other
    ticks = [
        t.text
        for t in svg.iter(f"{SVG}text")
        if t.get("text-anchor") == "middle" and t.get("class") != "year"
    ]
    assert ticks == [str(i) for i in range(1, 13)]  # every month labelled, once
    assert [t.text for t in svg.iter(f"{SVG}text") if t.get("class") == "year"] == ["2026"]
    shaded = [r for r in svg.iter(f"{SVG}rect") if r.get("class") == "no-data"]
    assert len(shaded) == 10


def test_a_month_without_a_value_breaks_the_line():
    a = [Decimal("50"), Decimal("60"), None, Decimal("70"), None, Decimal("40")] + [None] * 6
    b = [None, None, None, Decimal("100"), None, None] + [None] * 6
    svg = parse(months(a, b))

    centres = slot_centres(svg, 12)
    assert points(svg, "a") == [centres[0:2]]  # no line through the empty third month
    assert dots(svg, "a") == [centres[0], centres[1], centres[3], centres[5]]
    assert points(svg, "b") == []
    assert dots(svg, "b") == [centres[3]]


def test_tick_labels_do_not_overlap():
    svg = parse(months([None] * 12, [None] * 12))

    centres = slot_centres(svg, 12)
    gap = centres[1] - centres[0]
    # The longest month label ("12月") is three characters of FONT_SIZE: well inside a slot.
    assert gap > 3 * charts.FONT_SIZE + 8


def min_width(css_class):
    rule = re.search(rf"svg\.{css_class}\s*{{[^}}]*min-width:\s*(\d+)px", CSS.read_text())
    return int(rule.group(1))


def rendered_font_sizes(chart):
    """The smallest on-screen size of the chart's text: its font size in user units times
    the smallest scale the stylesheet allows (never narrower than ``min-width``)."""
    svg = parse(chart)
    width = float(svg.get("viewBox").split()[2])
    scale = min_width(svg.get("class")) / width
    base = float(svg.get("font-size"))
    sizes = [float(t.get("font-size", base)) for t in svg.iter(f"{SVG}text")]
    return [size * scale for size in sizes]


def test_chart_text_is_at_least_12_px_at_the_narrowest_the_page_draws_it():
    bars = charts.bar_chart(
        "b", "B", ["Name", "N"], [["人力资源和社会保障科", 3], ["财务科", None]]
    )
    trend = months([Decimal("50")] * 12, [None] * 12)

    for chart in (bars, trend):
        sizes = rendered_font_sizes(chart)
        assert sizes and min(sizes) >= 12, chart.slug


def test_a_bar_without_a_value_shows_a_dash_and_one_below_zero_no_bar():
    rows = [["甲", None], ["乙", Decimal("-5.00")], ["丙", Decimal("80.00")]]
    svg = parse(charts.bar_chart("b", "B", ["Name", "Score"], rows))

    texts = [t.text for t in svg.iter(f"{SVG}text")]
    assert "—" in texts and "-5.00" in texts
    widths = [float(r.get("width")) for r in svg.iter(f"{SVG}rect")]
    assert widths == [0.0, 0.0, 284.0]  # the largest fills the bar area (500 − 160 − 56)
