"""Server-side SVG line charts of mastery over time (no JavaScript, no inline styles)."""

from __future__ import annotations

from datetime import date, timedelta

from markupsafe import Markup, escape

WIDTH, HEIGHT = 320, 120
LEFT, RIGHT, TOP, BOTTOM = 30, 8, 8, 22


def mastery_chart(
    points: list[tuple[date, float | None]],
    thresholds: list[float],
    title: str,
    today: date,
    weeks: int = 12,
) -> Markup:
    """A line of (day, score 0..1) over the last `weeks` weeks with the level thresholds dashed."""
    start = today - timedelta(weeks=weeks)
    span = max((today - start).days, 1)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(day: date) -> float:
        return LEFT + plot_w * (max((day - start).days, 0) / span)

    def y(score: float) -> float:
        return TOP + plot_h * (1 - score)

    # Numbers are formatted with plain f-strings (nothing to escape: this function makes them);
    # only the title, which holds a category's name, is escaped. Markup.format per point cost a
    # sixth of the competence page at 10,000 evidence rows.
    parts = [
        f'<svg class="mastery-chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">',
        f'<rect x="{LEFT}" y="{TOP}" width="{plot_w}" height="{plot_h}" class="chart-area"/>',
    ]
    for score in thresholds:
        parts.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(score):.1f}" y2="{y(score):.1f}" '
            f'class="chart-threshold"/><text x="{LEFT - 3}" y="{y(score) + 3:.1f}" '
            f'class="chart-label" text-anchor="end">{score:.2f}</text>'
        )
    for weeks_back, anchor in ((weeks, "start"), (weeks // 2, "middle"), (0, "end")):
        day = today - timedelta(weeks=weeks_back)
        parts.append(
            f'<text x="{x(day):.1f}" y="{HEIGHT - 6}" class="chart-label" '
            f'text-anchor="{anchor}">{day.strftime("%d-%m")}</text>'
        )
    visible = [(d, s) for d, s in points if s is not None]
    earlier = [p for p in visible if p[0] < start]
    shown = ([(start, earlier[-1][1])] if earlier else []) + [p for p in visible if p[0] >= start]
    if shown:
        shown.append((today, shown[-1][1]))  # the estimate holds until today
        path = " ".join(f"{x(d):.1f},{y(s):.1f}" for d, s in shown)
        parts.append(f'<polyline points="{path}" class="chart-line"/>')
        parts.extend(
            f'<circle cx="{x(d):.1f}" cy="{y(s):.1f}" r="2.5" class="chart-point"/>'
            for d, s in shown[:-1]
        )
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - numbers made here; the title escaped above
