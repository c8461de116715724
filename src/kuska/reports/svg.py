"""SVG written directly, for the report's charts: shapes and text with their colours and fonts as presentation
attributes (``fill=``, ``font-size=``…), never ``style=``, so a page under a strict Content-Security-Policy shows
them as drawn; every text XML-escaped; sizes in points (72 to the inch), with a ``viewBox`` so the drawing scales.

Text is laid out with the advance widths of DejaVu Sans, the font the charts name (read once from the font file
fontconfig finds; an average width per character where there is none):

>>> text_width("1,189", 7) > text_width("74", 7) > 0
True
>>> drawing = Drawing(100, 20)
>>> drawing.text(2, 10, "A & B", size=8)
>>> print(drawing.svg("c-example"))  # doctest: +ELLIPSIS
<svg xmlns="http://www.w3.org/2000/svg" ... viewBox="0 0 100 20"><text x="2" y="12.88" font-size="8" ... fill="#222222">A &amp; B</text></svg>
"""

from __future__ import annotations

import functools
import html
import shutil
import subprocess
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

FONT_FAMILY = "DejaVu Sans, Verdana, sans-serif"
# where DejaVu Sans usually is, when fontconfig cannot say
_FONT_FILES = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans{}.ttf",
    "/usr/share/fonts/TTF/DejaVuSans{}.ttf",
    "/usr/share/fonts/dejavu/DejaVuSans{}.ttf",
)
_AVERAGE_WIDTH = 0.6  # of the font size, for a character whose width is unknown
# DejaVu Sans's vertical metrics, in ems: how far the top of a capital and the bottom of a descender lie from the
# baseline, and where the middle of a digit is
ASCENT = 0.73
DESCENT = 0.24
MIDDLE = 0.36


@dataclass(frozen=True)
class Box:
    """A rectangle in the drawing's points, y downwards."""

    x0: float
    y0: float
    x1: float
    y1: float

    def overlaps(self, other: Box) -> bool:
        return (
            self.x0 < other.x1 and other.x0 < self.x1 and self.y0 < other.y1 and other.y0 < self.y1
        )

    def inside(self, other: Box) -> bool:
        return (
            other.x0 <= self.x0
            and self.x1 <= other.x1
            and other.y0 <= self.y0
            and self.y1 <= other.y1
        )

    def crosses(self, a: tuple[float, float], b: tuple[float, float]) -> bool:
        """Whether the segment from ``a`` to ``b`` passes through the box (Liang–Barsky clipping).

        >>> box = Box(0, 0, 10, 10)
        >>> box.crosses((-5, 5), (15, 5)), box.crosses((-5, -5), (-1, 20)), box.crosses((2, 2), (3, 3))
        (True, False, True)
        """
        (ax, ay), (bx, by) = a, b
        dx, dy = bx - ax, by - ay
        low, high = 0.0, 1.0
        for p, q in (
            (-dx, ax - self.x0),
            (dx, self.x1 - ax),
            (-dy, ay - self.y0),
            (dy, self.y1 - ay),
        ):
            if p == 0:
                if q < 0:
                    return False
            elif p < 0:
                low = max(low, q / p)
            else:
                high = min(high, q / p)
            if low > high:
                return False
        return True


@functools.cache
def _font_file(bold: bool) -> Path | None:
    suffix = "-Bold" if bold else ""
    fc_match = shutil.which("fc-match")
    if fc_match:
        pattern = "DejaVu Sans:bold" if bold else "DejaVu Sans"
        try:
            found = subprocess.run(  # noqa: S603 — fontconfig's own command, fixed arguments
                [fc_match, "-f", "%{file}", pattern],
                capture_output=True,
                text=True,
                timeout=5,
                check=False,
            ).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            found = ""
        if found.endswith(f"DejaVuSans{suffix}.ttf") and Path(found).is_file():
            return Path(found)
    for candidate in _FONT_FILES:
        path = Path(candidate.format(suffix))
        if path.is_file():
            return path
    return None


@functools.cache
def _advances(bold: bool) -> dict[str, float]:
    """Each character's advance width in ems, from the font file (empty when there is none)."""
    path = _font_file(bold)
    if path is None:
        return {}
    from fontTools.ttLib import TTFont

    try:
        font = TTFont(str(path), lazy=True)
        per_em = float(font["head"].unitsPerEm)
        metrics = font["hmtx"].metrics
        widths = {
            chr(code): metrics[glyph][0] / per_em for code, glyph in font.getBestCmap().items()
        }
        font.close()
    except Exception:  # an unreadable font file: the average width will do
        return {}
    return widths


def text_width(text: str, size: float, *, bold: bool = False) -> float:
    """The width of ``text`` in points at ``size`` points, as DejaVu Sans sets it."""
    advances = _advances(bold)
    return size * sum(advances.get(c, _AVERAGE_WIDTH) for c in text)


def wrap(text: str, size: float, width: float, *, bold: bool = False) -> list[str]:
    """``text`` in lines no wider than ``width`` points (a word longer than that keeps a line of its own)."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for word in paragraph.split():
            candidate = f"{line} {word}" if line else word
            if line and text_width(candidate, size, bold=bold) > width:
                lines.append(line)
                line = word
            else:
                line = candidate
        lines.append(line)
    return lines


def _n(value: float) -> str:
    """A coordinate as short text: two decimals at most, no trailing zeros."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _attributes(pairs: Iterable[tuple[str, str | float | None]]) -> str:
    return "".join(
        f' {name}="{html.escape(value if isinstance(value, str) else _n(value))}"'
        for name, value in pairs
        if value is not None
    )


class Drawing:
    """An SVG drawing, ``width`` × ``height`` points, built shape by shape; :meth:`svg` gives its text.

    Ids given to :meth:`group` are prefixed with the chart's id when the drawing is written, so several charts
    share one page without clashing.
    """

    def __init__(self, width: float, height: float) -> None:
        self.width = width
        self.height = height
        self._parts: list[str] = []

    def rect(
        self,
        x: float,
        y: float,
        width: float,
        height: float,
        fill: str,
        *,
        stroke: str | None = None,
        stroke_width: float | None = None,
        dash: str | None = None,
    ) -> None:
        self._parts.append(
            "<rect"
            + _attributes(
                (
                    ("x", x),
                    ("y", y),
                    ("width", max(width, 0.0)),
                    ("height", max(height, 0.0)),
                    ("fill", fill),
                    ("stroke", stroke),
                    ("stroke-width", stroke_width),
                    ("stroke-dasharray", dash),
                )
            )
            + "/>"
        )

    def line(
        self, x1: float, y1: float, x2: float, y2: float, stroke: str, width: float = 0.8
    ) -> None:
        self._parts.append(
            "<line"
            + _attributes(
                (
                    ("x1", x1),
                    ("y1", y1),
                    ("x2", x2),
                    ("y2", y2),
                    ("stroke", stroke),
                    ("stroke-width", width),
                )
            )
            + "/>"
        )

    def polyline(self, points: Sequence[tuple[float, float]], stroke: str, width: float) -> None:
        path = " ".join(f"{_n(x)},{_n(y)}" for x, y in points)
        self._parts.append(
            "<polyline"
            + _attributes(
                (
                    ("points", path),
                    ("fill", "none"),
                    ("stroke", stroke),
                    ("stroke-width", width),
                    ("stroke-linejoin", "round"),
                    ("stroke-linecap", "round"),
                )
            )
            + "/>"
        )

    def circle(self, x: float, y: float, radius: float, fill: str) -> None:
        self._parts.append(
            "<circle" + _attributes((("cx", x), ("cy", y), ("r", radius), ("fill", fill))) + "/>"
        )

    def text(
        self,
        x: float,
        y: float,
        text: str,
        *,
        size: float,
        fill: str = "#222222",
        anchor: str = "start",
        align: str = "middle",
        bold: bool = False,
        rotate: float | None = None,
    ) -> None:
        """``text`` at (x, y): ``anchor`` start, middle or end says where x is; ``align`` top, middle, baseline
        or bottom where y is (the baseline is computed here: renderers differ on ``dominant-baseline``)."""
        shift = {"top": ASCENT, "middle": MIDDLE, "baseline": 0.0, "bottom": -DESCENT}[align] * size
        if rotate is None:
            base_x, base_y, transform = x, y + shift, None
        else:
            base_x, base_y = x + shift, y
            transform = f"rotate({_n(rotate)} {_n(base_x)} {_n(base_y)})"
        self._parts.append(
            "<text"
            + _attributes(
                (
                    ("x", base_x),
                    ("y", base_y),
                    ("font-size", size),
                    ("font-family", FONT_FAMILY),
                    ("font-weight", "bold" if bold else None),
                    ("fill", fill),
                    ("text-anchor", None if anchor == "start" else anchor),
                    ("transform", transform),
                )
            )
            + f">{html.escape(text, quote=False)}</text>"
        )

    def group(self, gid: str) -> None:
        """Open a group with an id (prefixed with the chart's); :meth:`end` closes it."""
        self._parts.append(f'<g id="\x00{html.escape(gid)}">')

    def end(self) -> None:
        self._parts.append("</g>")

    def svg(self, chart_id: str) -> str:
        """The drawing as an inline ``<svg>`` element; its ids are prefixed with ``chart_id`` (letters and digits
        only, then a hyphen)."""
        prefix = "".join(c for c in chart_id if c.isalnum()) + "-"
        width, height = _n(self.width), _n(self.height)
        head = (
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}pt" height="{height}pt" '
            f'viewBox="0 0 {width} {height}">'
        )
        return head + "".join(self._parts).replace("\x00", prefix) + "</svg>"


def text_box(
    x: float, y: float, text: str, size: float, anchor: str = "start", align: str = "middle"
) -> Box:
    """The box a text drawn by :meth:`Drawing.text` takes (from the top of its capitals to its descenders)."""
    width = text_width(text, size)
    left = {"start": x, "middle": x - width / 2, "end": x - width}[anchor]
    baseline = (
        y + {"top": ASCENT, "middle": MIDDLE, "baseline": 0.0, "bottom": -DESCENT}[align] * size
    )
    return Box(left, baseline - ASCENT * size, left + width, baseline + DESCENT * size)
