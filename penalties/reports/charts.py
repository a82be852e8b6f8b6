"""Server-rendered SVG charts: no script, no CDN, printable. Each chart comes with the
table of its numbers, which the page shows under it for screen readers and copying.

Text is FONT_SIZE user units; the stylesheet never draws a chart narrower than its
viewBox (``min-width`` of ``.chart-bars`` and ``.chart-months``, the figure scrolls
instead), so every label is at least FONT_SIZE pixels on screen.
"""

from dataclasses import dataclass, field

from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

FONT_SIZE = 12
# The viewBox widths; reports.css gives the same figures as the charts' min-width.
BARS_WIDTH = 500
MONTHS_WIDTH = 880


@dataclass
class Chart:
    slug: str
    title: str
    headers: list
    rows: list  # [label, value, ...] per row
    svg: str = ""
    note: str = ""
    legend: list = field(default_factory=list)
    wide: bool = False  # spans the dashboard's full width, its table turned on its side
    labels: list = field(default_factory=list)  # the wide table's column heads (short)

    @property
    def series(self) -> list:
        """[(header, [value per row])] of the number columns: the table of a wide chart."""
        return [
            (header, [row[column] for row in self.rows])
            for column, header in enumerate(self.headers)
            if column
        ]


def bar_chart(slug, title, headers, rows, *, bad=False, note="", marked=None) -> Chart:
    """Horizontal bars of the rows' first number column (None: no bar, shown as "—"),
    scaled to the largest.

    ``marked`` picks rows drawn in the warning colour (e.g. the bottom places)."""
    width, bar_height, gap, label_width, value_width = BARS_WIDTH, 22, 8, 160, 56
    height = max(1, len(rows)) * (bar_height + gap) + gap
    top = max((float(row[1]) for row in rows if row[1] is not None), default=0.0)
    top = top if top > 0 else 1.0
    parts = []
    for i, row in enumerate(rows):
        y = gap + i * (bar_height + gap)
        value = row[1]
        # A negative value (a score below zero) draws no bar; its number still shows.
        length = (width - label_width - value_width) * max(0.0, float(value or 0)) / top
        warn = bad or (marked is not None and marked(row))
        parts.append(
            format_html(
                '<text x="{}" y="{}" text-anchor="end">{}</text>'
                '<rect class="bar{}" x="{}" y="{}" width="{}" height="{}"></rect>'
                '<text x="{}" y="{}">{}</text>',
                label_width - 6,
                _n(y + bar_height * 0.72),
                _short(row[0]),
                " bad" if warn else "",
                label_width,
                y,
                _n(length),
                bar_height,
                _n(label_width + length + 6),
                _n(y + bar_height * 0.72),
                "—" if value is None else value,
            )
        )
    svg = _svg(slug, title, width, height, parts, "chart-bars")
    return Chart(slug, title, headers, rows, svg, note)


def month_chart(slug, title, headers, rows, *, ticks, labels, note="") -> Chart:
    """Two percentage series (columns 1 and 2) over consecutive months: one slot of equal
    width per row, the point in its middle. A month without a value leaves a gap in its
    series (the line is not drawn through it); a month without either value is shaded.
    ``ticks``: per row, the month's short label and the year shown under it (or "");
    ``labels``: per row, the head of its column in the table."""
    width, height = MONTHS_WIDTH, 280
    left, right, top, bottom = 52, 12, 14, 46
    inner_w, inner_h = width - left - right, height - top - bottom
    slot = inner_w / max(1, len(rows))
    base = top + inner_h

    def x(i):
        return left + (i + 0.5) * slot

    def y(value):
        return top + inner_h * (1 - float(value) / 100)

    parts = []
    for i, row in enumerate(rows):
        if row[1] is None and row[2] is None:
            parts.append(
                format_html(
                    '<rect class="no-data" x="{}" y="{}" width="{}" height="{}"></rect>',
                    _n(left + i * slot + 1),
                    top,
                    _n(slot - 2),
                    inner_h,
                )
            )
    for tick in (0, 25, 50, 75, 100):
        parts.append(
            format_html(
                '<line class="grid" x1="{}" y1="{}" x2="{}" y2="{}"></line>'
                '<text x="{}" y="{}" text-anchor="end">{}%</text>',
                left,
                _n(y(tick)),
                width - right,
                _n(y(tick)),
                left - 6,
                _n(y(tick) + 4),
                tick,
            )
        )
    parts.append(
        format_html(
            '<line class="axis" x1="{}" y1="{}" x2="{}" y2="{}"></line>',
            left,
            base,
            width - right,
            base,
        )
    )
    for i, (month, year) in enumerate(ticks):
        parts.append(
            format_html(
                '<text x="{}" y="{}" text-anchor="middle">{}</text>', _n(x(i)), base + 18, month
            )
        )
        if year:
            parts.append(
                format_html(
                    '<text class="year" x="{}" y="{}" text-anchor="middle">{}</text>',
                    _n(x(i)),
                    base + 36,
                    year,
                )
            )
    for column, css in ((1, "a"), (2, "b")):
        for run in _runs(rows, column):
            if len(run) > 1:
                points = " ".join(f"{x(i):.1f},{y(value):.1f}" for i, value in run)
                parts.append(
                    format_html('<polyline class="line {}" points="{}"></polyline>', css, points)
                )
            parts += [
                format_html(
                    '<circle class="dot {}" cx="{}" cy="{}" r="4"></circle>',
                    css,
                    _n(x(i)),
                    _n(y(value)),
                )
                for i, value in run
            ]
    chart = Chart(
        slug,
        title,
        headers,
        rows,
        _svg(slug, title, width, height, parts, "chart-months"),
        note,
        wide=True,
        labels=labels,
    )
    chart.legend = [
        (headers[1], "legend-a"),
        (headers[2], "legend-b"),
        (_("No data"), "legend-none"),
    ]
    return chart


def _runs(rows, column):
    """The unbroken runs [(row index, value), ...] of a column's values."""
    runs, run = [], []
    for i, row in enumerate(rows):
        if row[column] is None:
            if run:
                runs.append(run)
            run = []
        else:
            run.append((i, row[column]))
    if run:
        runs.append(run)
    return runs


def _n(number) -> str:
    return f"{number:.1f}"


def _short(label, size=12):
    label = str(label)
    return label if len(label) <= size else label[: size - 1] + "…"


def _svg(slug, title, width, height, parts, css):
    return mark_safe(
        f'<svg class="{css}" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'font-size="{FONT_SIZE}" role="img" aria-labelledby="chart-{slug}-title" '
        f'xmlns="http://www.w3.org/2000/svg"><title id="chart-{slug}-title">{escape(title)}'
        f"</title>{''.join(parts)}</svg>"
    )
