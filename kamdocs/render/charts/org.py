"""The org chart of one placement variant: a tidy tree with orthogonal connectors.

Each subtree is laid out on its own and described by its contour (leftmost and rightmost box edge
per level); siblings are pushed right until their contours keep a gap, and the parent is centred
over its first and last child (Reingold–Tilford without the even spreading of inner subtrees). A
wide tree has its largest groups of leaves stacked as an indented list under their parent, as
printed org charts do, one group after another until it fits a page (30 units still do).
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from kamdocs.model.organisation import Unit, Variant
from kamdocs.render.charts import svg
from kamdocs.render.charts.svg import Translate

LINE = svg.FONT_SIZE * svg.LINE_HEIGHT
GAP = 18.0
LEVEL_GAP = 38.0
SPINE = 14.0
STACK_GAP = 14.0
MARGIN = 16.0
WRAP_WIDTH = 18 * 0.62 * svg.FONT_SIZE * 1.1
"""About 18 characters of bold text."""
MAX_INNER = 200.0
MAX_LINES = 3
MAX_WIDTH = 1000.0
"""A tree wider than this (user units) has its leaf groups stacked."""
STACK_MIN = 3
BADGE_SIZE = 11.0
"""The smallest text of the chart (the KAM badge)."""

Contour = dict[int, tuple[float, float]]


@dataclass(frozen=True)
class _Box:
    unit: Unit
    x: float
    """Centre."""
    depth: int
    lines: tuple[str, ...]


class _Tree:
    """Parent/child structure of the units, robust against broken links (the loader reports those)."""

    def __init__(self, units: tuple[Unit, ...]) -> None:
        self.units = {unit.id: unit for unit in units}
        self.children: dict[str, list[str]] = {unit.id: [] for unit in units}
        self.roots: list[str] = []
        for unit in units:
            if unit.parent in self.children and unit.parent != unit.id:
                self.children[unit.parent].append(unit.id)
            else:
                self.roots.append(unit.id)
        seen: set[str] = set()
        for root in self.roots:
            self._walk(root, seen)
        for unit in units:  # units caught in a cycle: draw them as roots rather than lose them
            if unit.id not in seen:
                self.roots.append(unit.id)
                self._walk(unit.id, seen)

    def _walk(self, node: str, seen: set[str]) -> None:
        seen.add(node)
        self.children[node] = [child for child in self.children[node] if child not in seen]
        for child in self.children[node]:
            self._walk(child, seen)

    def stackable(self) -> list[str]:
        """Return the parents whose children are all leaves, largest groups first."""
        order = {node: i for i, node in enumerate(self.units)}
        found = [
            node
            for node, kids in self.children.items()
            if len(kids) >= STACK_MIN and all(not self.children[kid] for kid in kids)
        ]
        return sorted(found, key=lambda node: (-len(self.children[node]), order[node]))


class _Layout:
    """Relative positions computed bottom-up; ``offsets[id]`` is a node's x relative to its parent."""

    def __init__(self, tree: _Tree, box_width: float, stacked: set[str]) -> None:
        self.tree = tree
        self.box_width = box_width
        self.stacked = stacked
        self.offsets: dict[str, float] = {}
        self.depths: dict[str, int] = {}

    def subtree(self, node: str) -> Contour:
        half = self.box_width / 2
        kids = self.tree.children[node]
        contour: Contour = {0: (-half, half)}
        if not kids:
            return contour
        if node in self.stacked:
            # An indented list: a spine down from the parent's left part, the children hanging
            # to its right, one per level.
            shift = SPINE * 2
            for row, kid in enumerate(kids, start=1):
                self.offsets[kid] = shift
                self.depths[kid] = row
                self.subtree(kid)
                contour[row] = (shift - half, shift + half)
            return contour
        merged: Contour = {}
        placed: list[float] = []
        for kid in kids:
            self.depths[kid] = 1
            child = self.subtree(kid)
            shift = 0.0
            if merged:
                shift = max(merged[d][1] - child[d][0] + GAP for d in child if d in merged)
            placed.append(shift)
            for d, (left, right) in child.items():
                old = merged.get(d)
                merged[d] = (
                    (left + shift, right + shift)
                    if old is None
                    else (min(old[0], left + shift), max(old[1], right + shift))
                )
        centre = (placed[0] + placed[-1]) / 2
        for kid, shift in zip(kids, placed, strict=True):
            self.offsets[kid] = shift - centre
        for d, (left, right) in merged.items():
            contour[d + 1] = (left - centre, right - centre)
        return contour


def _solve(tree: _Tree, box_width: float, stacked: set[str]) -> tuple[dict[str, float], dict[str, int], float]:
    """Return absolute centres, levels and the total width."""
    layout = _Layout(tree, box_width, stacked)
    xs: dict[str, float] = {}
    levels: dict[str, int] = {}
    cursor = 0.0
    left_edge = 0.0
    for i, root in enumerate(tree.roots):
        contour = layout.subtree(root)
        left = min(edge for edge, _ in contour.values())
        right = max(edge for _, edge in contour.values())
        if i == 0:
            left_edge = left
            origin = 0.0
        else:
            origin = cursor - left + GAP * 2
        cursor = origin + right

        def place(node: str, x: float, level: int) -> None:
            xs[node], levels[node] = x, level
            for kid in tree.children[node]:
                place(kid, x + layout.offsets[kid], level + layout.depths[kid])

        place(root, origin, 0)
    return xs, levels, cursor - left_edge


def _connectors(
    tree: _Tree, xs: dict[str, float], ys: dict[str, float], stacked: set[str], box_width: float, box_height: float
) -> list[str]:
    paths = []
    for parent, kids in tree.children.items():
        if not kids:
            continue
        px, bottom = xs[parent], ys[parent] + box_height
        if parent in stacked:
            spine = px + SPINE * 2 - box_width / 2 - SPINE
            last = max(ys[kid] for kid in kids) + box_height / 2
            d = [f"M{svg.num(spine)} {svg.num(bottom)}V{svg.num(last)}"]
            for kid in kids:
                d.append(f"M{svg.num(spine)} {svg.num(ys[kid] + box_height / 2)}H{svg.num(xs[kid] - box_width / 2)}")
        else:
            bus = bottom + LEVEL_GAP / 2
            d = [f"M{svg.num(px)} {svg.num(bottom)}V{svg.num(bus)}"]
            if len(kids) > 1:
                d.append(f"M{svg.num(xs[kids[0]])} {svg.num(bus)}H{svg.num(xs[kids[-1]])}")
            d += [f"M{svg.num(xs[kid])} {svg.num(bus)}V{svg.num(ys[kid])}" for kid in kids]
        paths.append(
            svg.tag(
                "path",
                {"class": "connector", "d": "".join(d), "fill": "none", "stroke": svg.MUTED, "stroke-width": 1.5},
            )
        )
    return paths


def _unit_box(box: _Box, x: float, y: float, width: float, height: float, root: bool, t: Translate) -> str:
    unit = box.unit
    classes = "unit" + (" unit--kam" if unit.kam else "") + (" unit--root" if root else "")
    fill = svg.PRIMARY if unit.kam else svg.PRIMARY_LIGHT if root else svg.WHITE
    parts = [
        svg.rect(x - width / 2, y, width, height, cls=classes, fill=fill, stroke=svg.PRIMARY, stroke_width=1.5, rx=4.0)
    ]
    parts.append(
        svg.text_lines(
            x,
            y + height / 2,
            list(box.lines),
            cls="unit-label",
            anchor="middle",
            bold=unit.kam or root,
            fill=svg.WHITE if unit.kam else svg.INK,
        )
    )
    if unit.kam:
        badge = t("chart.org.kam_badge")
        badge_width = svg.text_width(badge, BADGE_SIZE, bold=True) + 10
        bx = x + width / 2 - badge_width - 6
        parts.append(
            svg.rect(
                bx,
                y - 8,
                badge_width,
                15,
                cls="kam-badge",
                fill=svg.WHITE,
                stroke=svg.PRIMARY,
                stroke_width=1.0,
                rx=7.5,
            )
        )
        parts.append(
            svg.text(
                bx + badge_width / 2,
                y + 3,
                badge,
                cls="kam-badge-label",
                anchor="middle",
                size=BADGE_SIZE,
                bold=True,
                fill=svg.PRIMARY,
            )
        )
    if len(box.lines) > 1 or box.lines[0] != unit.name:
        parts.append(svg.tooltip(unit.name))
    return svg.group({"class": "node", "data-key": unit.id}, parts)


def org_chart(
    variant: Variant, *, t: Translate, chart_id: str, primary: str | None = None, max_width: float = MAX_WIDTH
) -> Markup:
    """Return the org chart of ``variant`` as a tidy tree with the KAM units highlighted.

    Leaf groups are stacked until the tree is at most ``max_width`` wide (the PDF asks for less,
    so that the chart's text stays legible at the width of the page).
    """
    units = variant.units
    title = t("chart.org.title", variant=variant.title)
    if not units:
        body = [svg.text(MARGIN, 30, t("chart.org.none"), cls="no-data-label", fill=svg.MUTED)]
        return svg.document(
            chart_id=chart_id,
            primary=primary,
            kind="org",
            width=400,
            height=50,
            title=title,
            desc=t("chart.org.none"),
            body=body,
        )
    tree = _Tree(units)
    # Lines of about 18 characters; a longer single word widens every box (up to a cap) rather
    # than being split mid-word.
    longest_word = max(svg.longest_piece(unit.name, bold=True) for unit in units)
    inner = min(max(WRAP_WIDTH, longest_word), MAX_INNER)
    wrapped = {unit.id: tuple(svg.wrap_to_width(unit.name, inner, MAX_LINES, bold=True)) for unit in units}
    widest = max(svg.text_width(line, bold=True) for lines in wrapped.values() for line in lines)
    box_width = max(120.0, widest + 20)
    box_height = max(len(lines) for lines in wrapped.values()) * LINE + 16
    stacked: set[str] = set()
    xs, levels, width = _solve(tree, box_width, stacked)
    for parent in tree.stackable():
        if width <= max_width:
            break
        stacked.add(parent)
        xs, levels, width = _solve(tree, box_width, stacked)
    left = min(xs.values()) - box_width / 2
    # A level needs the full gap below it only where a connector bus runs; rows of stacked lists
    # hang from their spine and sit closer together.
    bus_levels = {levels[parent] for parent, kids in tree.children.items() if kids and parent not in stacked}
    row_top = [MARGIN + 8.0]  # room for the KAM badge above the first row
    for level in range(max(levels.values())):
        row_top.append(row_top[-1] + box_height + (LEVEL_GAP if level in bus_levels else STACK_GAP))
    ys = {node: row_top[level] for node, level in levels.items()}
    xs = {node: x - left + MARGIN for node, x in xs.items()}
    total_width = width + 2 * MARGIN
    height = max(ys.values()) + box_height + MARGIN

    body = _connectors(tree, xs, ys, stacked, box_width, box_height)
    roots = set(tree.roots)
    for unit in units:
        box = _Box(unit, xs[unit.id], levels[unit.id], wrapped[unit.id])
        body.append(_unit_box(box, xs[unit.id], ys[unit.id], box_width, box_height, unit.id in roots, t))

    kam = [unit.name for unit in units if unit.kam]
    structure = "; ".join(
        f"{tree.units[parent].name}: {', '.join(tree.units[kid].name for kid in kids)}"
        for parent, kids in tree.children.items()
        if kids
    )
    desc = t("chart.org.desc", count=len(units), structure=structure)
    if kam:
        desc += " " + t("chart.org.desc_kam", units=", ".join(kam))
    return svg.document(
        chart_id=chart_id,
        primary=primary,
        kind="org",
        width=total_width,
        height=height,
        title=title,
        desc=desc,
        body=body,
    )
