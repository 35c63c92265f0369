"""Server-side SVG line charts of mastery over time (no JavaScript, no inline styles)."""

from __future__ import annotations

from datetime import date, timedelta

from markupsafe import Markup

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

    parts = [
        Markup(
            '<svg class="mastery-chart" viewBox="0 0 {w} {h}" role="img" aria-label="{label}" '
            'xmlns="http://www.w3.org/2000/svg">'
        ).format(w=WIDTH, h=HEIGHT, label=title),
        Markup('<rect x="{x}" y="{y}" width="{w}" height="{h}" class="chart-area"/>').format(
            x=LEFT, y=TOP, w=plot_w, h=plot_h
        ),
    ]
    for score in thresholds:
        parts.append(
            Markup(
                '<line x1="{x1}" x2="{x2}" y1="{y:.1f}" y2="{y:.1f}" class="chart-threshold"/>'
                '<text x="{tx}" y="{ty:.1f}" class="chart-label" text-anchor="end">{s}</text>'
            ).format(
                x1=LEFT,
                x2=WIDTH - RIGHT,
                y=y(score),
                tx=LEFT - 3,
                ty=y(score) + 3,
                s=f"{score:.2f}",
            )
        )
    for weeks_back, anchor in ((weeks, "start"), (weeks // 2, "middle"), (0, "end")):
        day = today - timedelta(weeks=weeks_back)
        parts.append(
            Markup(
                '<text x="{x:.1f}" y="{y}" class="chart-label" text-anchor="{a}">{d}</text>'
            ).format(x=x(day), y=HEIGHT - 6, a=anchor, d=day.strftime("%d-%m"))
        )
    visible = [(d, s) for d, s in points if s is not None]
    earlier = [p for p in visible if p[0] < start]
    shown = ([(start, earlier[-1][1])] if earlier else []) + [p for p in visible if p[0] >= start]
    if shown:
        shown.append((today, shown[-1][1]))  # the estimate holds until today
        path = " ".join(f"{x(d):.1f},{y(s):.1f}" for d, s in shown)
        parts.append(Markup('<polyline points="{p}" class="chart-line"/>').format(p=path))
        for d, s in shown[:-1]:
            parts.append(
                Markup('<circle cx="{x:.1f}" cy="{y:.1f}" r="2.5" class="chart-point"/>').format(
                    x=x(d), y=y(s)
                )
            )
    parts.append(Markup("</svg>"))
    return Markup("").join(parts)
