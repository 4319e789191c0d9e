"""A small bar chart drawn into RGB pixels and encoded as PNG with zlib and struct only.

A plotting library would be heavier than the bot itself for one chart in /stats. The chart has
numbers only (a 3x5 pixel digit font), so it needs no fonts and no translations.
"""

from __future__ import annotations

import math
import struct
import zlib
from collections.abc import Sequence
from typing import Final

Color = tuple[int, int, int]

PNG_SIGNATURE: Final = b"\x89PNG\r\n\x1a\n"

BACKGROUND: Final[Color] = (255, 255, 255)
GRID: Final[Color] = (228, 231, 235)
AXIS: Final[Color] = (120, 126, 133)
BAR: Final[Color] = (52, 132, 210)
LAST_BAR: Final[Color] = (20, 88, 160)
INK: Final[Color] = (70, 74, 80)

# 3x5 glyphs, one string of 15 bits per character, row by row.
_GLYPHS: Final[dict[str, str]] = {
    "0": "111101101101111",
    "1": "010110010010111",
    "2": "111001111100111",
    "3": "111001111001111",
    "4": "101101111001001",
    "5": "111100111001111",
    "6": "111100111101111",
    "7": "111001001001001",
    "8": "111101111101111",
    "9": "111101111001111",
    ".": "000000000000010",
    "-": "000000111000000",
    "/": "001001010100100",
    " ": "000000000000000",
}


def _chunk(kind: bytes, data: bytes) -> bytes:
    crc = zlib.crc32(kind + data) & 0xFFFFFFFF
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)


def encode_png(width: int, height: int, rgb: bytes | bytearray) -> bytes:
    """Encode 8-bit RGB pixels (row by row, no padding) as a PNG file."""
    if width <= 0 or height <= 0 or len(rgb) != width * height * 3:
        raise ValueError(f"expected {width}x{height} RGB pixels, got {len(rgb)} bytes")
    stride = width * 3
    raw = bytearray()
    for y in range(height):
        raw.append(0)  # filter type None for every scanline
        raw += rgb[y * stride : (y + 1) * stride]
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"".join(
        (
            PNG_SIGNATURE,
            _chunk(b"IHDR", header),
            _chunk(b"IDAT", zlib.compress(bytes(raw), 9)),
            _chunk(b"IEND", b""),
        )
    )


class Canvas:
    """An RGB pixel buffer with the few drawing operations a bar chart needs."""

    def __init__(self, width: int, height: int, background: Color = BACKGROUND) -> None:
        self.width = width
        self.height = height
        self.pixels = bytearray(bytes(background) * (width * height))

    def rect(self, x0: int, y0: int, x1: int, y1: int, color: Color) -> None:
        """Fill the rectangle [x0, x1) x [y0, y1), clipped to the canvas."""
        x0, x1 = max(0, x0), min(self.width, x1)
        y0, y1 = max(0, y0), min(self.height, y1)
        if x0 >= x1 or y0 >= y1:
            return
        line = bytes(color) * (x1 - x0)
        for y in range(y0, y1):
            start = (y * self.width + x0) * 3
            self.pixels[start : start + len(line)] = line

    def text(self, x: int, y: int, text: str, color: Color = INK, scale: int = 2) -> None:
        """Draw digits (and . - /) with the top-left corner at (x, y)."""
        for index, char in enumerate(text):
            glyph = _GLYPHS.get(char, _GLYPHS[" "])
            left = x + index * 4 * scale
            for bit, on in enumerate(glyph):
                if on == "1":
                    gx, gy = left + (bit % 3) * scale, y + (bit // 3) * scale
                    self.rect(gx, gy, gx + scale, gy + scale, color)

    def png(self) -> bytes:
        """The canvas as a PNG file."""
        return encode_png(self.width, self.height, self.pixels)


def text_width(text: str, scale: int = 2) -> int:
    """Width in pixels of ``text`` drawn by :meth:`Canvas.text`."""
    return max(0, len(text) * 4 * scale - scale)


def nice_step(top: int, lines: int = 4) -> int:
    """A round grid step (1, 2, 5 x 10^k) so that about ``lines`` grid lines cover ``top``."""
    if top <= lines:
        return 1
    raw = top / lines
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 5, 10):
        if factor * power >= raw:
            return int(factor * power)
    return int(10 * power)  # pragma: no cover - the loop always returns


def bar_chart(
    values: Sequence[int], labels: Sequence[str], *, width: int = 720, height: int = 360
) -> bytes:
    """Bars for ``values`` (the last one highlighted) with y grid labels and x ``labels``."""
    if len(labels) != len(values):
        raise ValueError("every bar needs a label")
    canvas = Canvas(width, height)
    top = max([0, *values])
    step = nice_step(top)
    y_max = max(step, math.ceil(top / step) * step)
    label_width = text_width(str(y_max))
    left, right, upper, lower = label_width + 14, width - 12, 14, height - 30
    plot_height = lower - upper

    for tick in range(0, y_max + 1, step):
        y = lower - round(tick / y_max * plot_height)
        canvas.rect(left, y, right, y + 1, GRID if tick else AXIS)
        label = str(tick)
        canvas.text(left - 8 - text_width(label), y - 5, label)
    canvas.rect(left, upper, left + 1, lower + 1, AXIS)

    count = len(values)
    if count:
        slot = (right - left - 2) / count
        bar = max(1, int(slot * 0.72))
        every = 1
        while every * slot < text_width("00") + 4:
            every += 1
        for index, value in enumerate(values):
            x = left + 2 + int(index * slot + (slot - bar) / 2)
            bar_height = round(max(0, value) / y_max * plot_height)
            color = LAST_BAR if index == count - 1 else BAR
            canvas.rect(x, lower - bar_height, x + bar, lower, color)
            if (count - 1 - index) % every == 0:
                label = labels[index]
                centre = x + bar // 2
                canvas.text(centre - text_width(label) // 2, lower + 8, label)
    return canvas.png()
