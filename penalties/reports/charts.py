"""Server-rendered SVG charts: no script, no CDN, printable. Each chart comes with the
table of its numbers, which the page shows under it for screen readers and copying."""

from dataclasses import dataclass, field

from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe


@dataclass
class Chart:
    slug: str
    title: str
    headers: list
    rows: list  # [label, value, ...] per row
    svg: str = ""
    note: str = ""
    legend: list = field(default_factory=list)


def bar_chart(slug, title, headers, rows, *, bad=False, note="") -> Chart:
    """Horizontal bars of rows' first number column."""
    width, bar_height, gap, label_width = 640, 22, 8, 190
    height = max(1, len(rows)) * (bar_height + gap) + gap
    top = max((row[1] for row in rows), default=0) or 1
    parts = []
    for i, row in enumerate(rows):
        y = gap + i * (bar_height + gap)
        length = (width - label_width - 70) * float(row[1]) / float(top)
        parts.append(
            format_html(
                '<text x="{}" y="{}" text-anchor="end">{}</text>'
                '<rect class="bar{}" x="{}" y="{}" width="{}" height="{}"></rect>'
                '<text x="{}" y="{}">{}</text>',
                label_width - 6,
                _n(y + bar_height * 0.72),
                _short(row[0]),
                " bad" if bad else "",
                label_width,
                y,
                _n(length),
                bar_height,
                _n(label_width + length + 6),
                _n(y + bar_height * 0.72),
                row[1],
            )
        )
    return Chart(slug, title, headers, rows, _svg(slug, title, width, height, parts), note)


def line_chart(slug, title, headers, rows, *, ticks=None, note="") -> Chart:
    """Two percentage series (columns 1 and 2) over the rows; the x axis is labelled with
    ``ticks`` (one short label per row) or the rows' labels."""
    width, height, left, bottom, top = 640, 260, 44, 36, 12
    inner_w, inner_h = width - left - 16, height - bottom - top
    parts = [
        format_html(
            '<line class="axis" x1="{}" y1="{}" x2="{}" y2="{}"></line>',
            left,
            top + inner_h,
            width - 16,
            top + inner_h,
        )
    ]
    for tick in (0, 50, 100):
        y = top + inner_h * (1 - tick / 100)
        parts.append(
            format_html(
                '<text x="{}" y="{}" text-anchor="end">{}%</text>', left - 4, _n(y + 4), tick
            )
        )
    step = inner_w / max(1, len(rows) - 1)
    for i, row in enumerate(rows):
        parts.append(
            format_html(
                '<text x="{}" y="{}" text-anchor="middle">{}</text>',
                _n(left + i * step),
                height - 12,
                ticks[i] if ticks else row[0],
            )
        )
    for column, css in ((1, "a"), (2, "b")):
        points = [
            (left + i * step, top + inner_h * (1 - float(row[column]) / 100))
            for i, row in enumerate(rows)
            if row[column] is not None
        ]
        if points:
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
            parts.append(
                format_html('<polyline class="line {}" points="{}"></polyline>', css, path)
            )
            parts += [
                format_html(
                    '<circle class="dot {}" cx="{}" cy="{}" r="3"></circle>', css, _n(x), _n(y)
                )
                for x, y in points
            ]
    chart = Chart(slug, title, headers, rows, _svg(slug, title, width, height, parts), note)
    chart.legend = [(headers[1], "legend-a"), (headers[2], "legend-b")]
    return chart


def _n(number) -> str:
    return f"{number:.1f}"


def _short(label, size=12):
    label = str(label)
    return label if len(label) <= size else label[: size - 1] + "…"


def _svg(slug, title, width, height, parts):
    return mark_safe(
        f'<svg viewBox="0 0 {width} {height}" role="img" aria-labelledby="chart-{slug}-title" '
        f'xmlns="http://www.w3.org/2000/svg"><title id="chart-{slug}-title">{escape(title)}'
        f"</title>{''.join(parts)}</svg>"
    )
