"""Geometry of the power/interest grid (SVG user units), kept out of templates.

Interest runs along the x axis (1 at the start, 5 at the end), power up the
y axis (1 at the bottom, 5 at the top). Several people often share a cell;
they are spread on a sunflower spiral inside it, in a fixed order, so dots
never sit on top of each other and stay put from one visit to the next.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from . import rules

WIDTH = 760
HEIGHT = 600
MARGIN_START = 64  # room for the power axis label and ticks
MARGIN_END = 16
MARGIN_TOP = 16
MARGIN_BOTTOM = 56  # room for the interest axis label and ticks
STEPS = rules.SCALE_MAX - rules.SCALE_MIN + 1
PLOT_WIDTH = WIDTH - MARGIN_START - MARGIN_END
PLOT_HEIGHT = HEIGHT - MARGIN_TOP - MARGIN_BOTTOM
CELL_WIDTH = PLOT_WIDTH / STEPS
CELL_HEIGHT = PLOT_HEIGHT / STEPS
CELL_PADDING = 10
DOT_MAX = 11.0
DOT_MIN = 2.5
GOLDEN_ANGLE = math.pi * (3 - math.sqrt(5))


def column_x(interest: int) -> float:
    """Left edge of the column for an interest value."""
    return MARGIN_START + (interest - rules.SCALE_MIN) * CELL_WIDTH


def row_y(power: int) -> float:
    """Top edge of the row for a power value (high power at the top)."""
    return MARGIN_TOP + (rules.SCALE_MAX - power) * CELL_HEIGHT


def cell_centre(power: int, interest: int) -> tuple[float, float]:
    return column_x(interest) + CELL_WIDTH / 2, row_y(power) + CELL_HEIGHT / 2


def spread(count: int, power: int, interest: int) -> list[tuple[float, float, float]]:
    """``(x, y, radius)`` for ``count`` dots sharing one cell, deterministic."""
    if count <= 0:
        return []
    cx, cy = cell_centre(power, interest)
    rx = CELL_WIDTH / 2 - CELL_PADDING
    ry = CELL_HEIGHT / 2 - CELL_PADDING
    if count == 1:
        return [(round(cx, 1), round(cy, 1), DOT_MAX)]
    # With this radius neighbours on the spiral keep a small gap (checked in the
    # tests up to 100 per cell); beyond ~150 in one cell the smallest dots touch.
    radius = max(DOT_MIN, min(DOT_MAX, 0.55 * min(rx, ry) / math.sqrt(count)))
    reach_x, reach_y = rx - radius, ry - radius
    points = []
    for k in range(count):
        rho = math.sqrt((k + 0.5) / count)
        angle = k * GOLDEN_ANGLE
        points.append(
            (
                round(cx + rho * reach_x * math.cos(angle), 1),
                round(cy + rho * reach_y * math.sin(angle), 1),
                round(radius, 1),
            )
        )
    return points


@dataclass(frozen=True)
class Band:
    """A quadrant's rectangle, for its background and label."""

    quadrant: rules.Quadrant
    x: float
    y: float
    width: float
    height: float

    @property
    def label_x(self) -> float:
        return self.x + 8

    @property
    def label_y(self) -> float:
        return self.y + 20


def bands() -> list[Band]:
    """The four quadrants; high means >= rules.HIGH on both axes."""
    split_x = column_x(rules.HIGH)
    split_y = row_y(rules.HIGH) + CELL_HEIGHT  # bottom edge of the lowest "high" row
    start, end = MARGIN_START, MARGIN_START + PLOT_WIDTH
    top, bottom = MARGIN_TOP, MARGIN_TOP + PLOT_HEIGHT
    return [
        Band(rules.Quadrant.KEEP_SATISFIED, start, top, split_x - start, split_y - top),
        Band(rules.Quadrant.MANAGE_CLOSELY, split_x, top, end - split_x, split_y - top),
        Band(rules.Quadrant.MONITOR, start, split_y, split_x - start, bottom - split_y),
        Band(rules.Quadrant.KEEP_INFORMED, split_x, split_y, end - split_x, bottom - split_y),
    ]


@dataclass(frozen=True)
class Tick:
    value: int
    position: float


def x_ticks() -> list[Tick]:
    return [
        Tick(v, column_x(v) + CELL_WIDTH / 2) for v in range(rules.SCALE_MIN, rules.SCALE_MAX + 1)
    ]


def y_ticks() -> list[Tick]:
    return [
        Tick(v, row_y(v) + CELL_HEIGHT / 2) for v in range(rules.SCALE_MIN, rules.SCALE_MAX + 1)
    ]


def cell_lines() -> tuple[list[float], list[float]]:
    """x positions of the vertical lines and y positions of the horizontal ones."""
    xs = [MARGIN_START + i * CELL_WIDTH for i in range(STEPS + 1)]
    ys = [MARGIN_TOP + i * CELL_HEIGHT for i in range(STEPS + 1)]
    return xs, ys


SPLIT_X = column_x(rules.HIGH)  # where high interest starts
SPLIT_Y = row_y(rules.HIGH) + CELL_HEIGHT  # where high power ends, going down

PLOT = {
    "width": WIDTH,
    "height": HEIGHT,
    "start": MARGIN_START,
    "top": MARGIN_TOP,
    "end": MARGIN_START + PLOT_WIDTH,
    "bottom": MARGIN_TOP + PLOT_HEIGHT,
    "plot_width": PLOT_WIDTH,
    "plot_height": PLOT_HEIGHT,
    "mid_x": MARGIN_START + PLOT_WIDTH / 2,
    "mid_y": MARGIN_TOP + PLOT_HEIGHT / 2,
    "split_x": SPLIT_X,
    "split_y": SPLIT_Y,
}


# --- The influence view of one person ---------------------------------------------

EGO_WIDTH = 320
EGO_SHOWN = 4  # per direction; the lists under the drawing name everyone
EGO_NODE = 11  # node radius
EGO_CENTRE = 18
EGO_ROW = 96  # vertical distance between the boss, the person and the reports
EGO_SIDE_STEP = 46  # between people stacked on one side
EGO_SIDE_X = 52


@dataclass(frozen=True)
class EgoNode:
    person: object
    x: float
    y: float
    relation: str  # "boss", "report", "influences", "influenced_by"
    stagger: bool = False  # label one line lower, so neighbours' names do not collide

    @property
    def label_y(self) -> float:
        return self.y + EGO_NODE + 14 + (15 if self.stagger else 0)


@dataclass(frozen=True)
class EgoEdge:
    x1: float
    y1: float
    x2: float
    y2: float
    relation: str


@dataclass(frozen=True)
class EgoDiagram:
    centre_x: float
    centre_y: float
    nodes: list[EgoNode]
    edges: list[EgoEdge]
    height: float
    width: int = EGO_WIDTH
    centre_r: int = EGO_CENTRE
    node_r: int = EGO_NODE


def _spaced(count: int, start: float, end: float) -> list[float]:
    step = (end - start) / (count + 1)
    return [round(start + step * (i + 1), 1) for i in range(count)]


def _stacked(count: int, centre: float) -> list[float]:
    return [round(centre + (i - (count - 1) / 2) * EGO_SIDE_STEP, 1) for i in range(count)]


def _toward(x1: float, y1: float, x2: float, y2: float, gap: float) -> tuple[float, float]:
    """The point ``gap`` units before (x2, y2) on the line from (x1, y1)."""
    length = math.hypot(x2 - x1, y2 - y1) or 1.0
    return round(x2 - (x2 - x1) * gap / length, 1), round(y2 - (y2 - y1) * gap / length, 1)


def ego_diagram(
    boss: object | None,
    reports: Sequence[object],
    influences: Sequence[object],
    influenced_by: Sequence[object],
) -> EgoDiagram:
    """Whom this person reports to (above), who reports to them (below), whom
    they influence (one side) and who influences them (the other side)."""
    reports, influences, influenced_by = (
        reports[:EGO_SHOWN],
        influences[:EGO_SHOWN],
        influenced_by[:EGO_SHOWN],
    )
    side = max(len(influences), len(influenced_by), 1)
    side_reach = (side - 1) / 2 * EGO_SIDE_STEP + EGO_NODE + 26  # incl. the label
    cx = EGO_WIDTH / 2
    cy = max(EGO_ROW + EGO_NODE + 4 if boss is not None else EGO_CENTRE + 8, side_reach)
    nodes: list[EgoNode] = []
    if boss is not None:
        nodes.append(EgoNode(boss, cx, cy - EGO_ROW, "boss"))
    for y, person in zip(_stacked(len(influenced_by), cy), influenced_by, strict=True):
        nodes.append(EgoNode(person, EGO_SIDE_X, y, "influenced_by"))
    for y, person in zip(_stacked(len(influences), cy), influences, strict=True):
        nodes.append(EgoNode(person, EGO_WIDTH - EGO_SIDE_X, y, "influences"))
    bottom = max(cy + EGO_CENTRE, cy + side_reach)
    if reports:
        y = max(cy + EGO_ROW, bottom + EGO_NODE)
        crowded = len(reports) > 2
        for i, (x, person) in enumerate(
            zip(_spaced(len(reports), 0, EGO_WIDTH), reports, strict=True)
        ):
            nodes.append(EgoNode(person, x, y, "report", stagger=crowded and i % 2 == 1))
        bottom = y + EGO_NODE + 26 + (15 if crowded else 0)
    edges = []
    for node in nodes:
        # Arrows point along the relation: to the boss, from each report, to
        # whom they influence, from whoever influences them.
        outward = node.relation in {"boss", "influences"}
        start, end = ((cx, cy), (node.x, node.y)) if outward else ((node.x, node.y), (cx, cy))
        start_gap = EGO_CENTRE if outward else EGO_NODE
        end_gap = EGO_NODE if outward else EGO_CENTRE
        sx, sy = _toward(*end, *start, start_gap + 2)
        ex, ey = _toward(*start, *end, end_gap + 4)
        edges.append(EgoEdge(sx, sy, ex, ey, node.relation))
    return EgoDiagram(
        centre_x=cx,
        centre_y=round(cy, 1),
        nodes=nodes,
        edges=edges,
        height=round(bottom + 6, 1),
    )
