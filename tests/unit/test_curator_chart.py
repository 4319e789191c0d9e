"""The PNG bar chart: a valid file (signature, IHDR, CRCs, zlib data) showing the bars."""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass

import pytest

from bot.curation.chart import (
    BACKGROUND,
    BAR,
    LAST_BAR,
    PNG_SIGNATURE,
    Canvas,
    bar_chart,
    encode_png,
    nice_step,
    text_width,
)


@dataclass(frozen=True)
class DecodedPng:
    """A decoded 8-bit RGB PNG without interlacing."""

    width: int
    height: int
    chunks: list[bytes]
    rows: list[bytes]

    def pixel(self, x: int, y: int) -> tuple[int, int, int]:
        row = self.rows[y]
        return row[x * 3], row[x * 3 + 1], row[x * 3 + 2]


def read_png(data: bytes) -> DecodedPng:
    """Check every structural rule the chart relies on and return the pixels."""
    assert data[:8] == PNG_SIGNATURE
    position, chunks, idat = 8, [], b""
    header: tuple[int, ...] | None = None
    while position < len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        kind = data[position + 4 : position + 8]
        body = data[position + 8 : position + 8 + length]
        (crc,) = struct.unpack(">I", data[position + 8 + length : position + 12 + length])
        assert crc == zlib.crc32(kind + body) & 0xFFFFFFFF, f"bad CRC in {kind!r}"
        chunks.append(kind)
        if kind == b"IHDR":
            assert length == 13
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        position += 12 + length
    assert chunks[0] == b"IHDR"
    assert chunks[-1] == b"IEND"
    assert position == len(data)
    assert header is not None
    width, height, depth, color_type, compression, filtering, interlace = header
    assert (depth, color_type, compression, filtering, interlace) == (8, 2, 0, 0, 0)
    raw = zlib.decompress(idat)
    stride = width * 3 + 1
    assert len(raw) == height * stride
    rows = []
    for y in range(height):
        line = raw[y * stride : (y + 1) * stride]
        assert line[0] == 0, "only filter type 0 is written"
        rows.append(line[1:])
    return DecodedPng(width, height, chunks, rows)


def test_encode_png_round_trips_pixels() -> None:
    pixels = bytes([255, 0, 0, 0, 255, 0, 0, 0, 255, 10, 20, 30])
    image = read_png(encode_png(2, 2, pixels))
    assert (image.width, image.height) == (2, 2)
    assert image.pixel(0, 0) == (255, 0, 0)
    assert image.pixel(1, 0) == (0, 255, 0)
    assert image.pixel(0, 1) == (0, 0, 255)
    assert image.pixel(1, 1) == (10, 20, 30)


@pytest.mark.parametrize(("width", "height", "size"), [(0, 1, 0), (2, 2, 11), (1, 1, 4)])
def test_encode_png_refuses_wrong_sizes(width: int, height: int, size: int) -> None:
    with pytest.raises(ValueError, match="RGB pixels"):
        encode_png(width, height, bytes(size))


def test_bar_chart_is_a_valid_png_with_bars() -> None:
    values = [0] * 29 + [12]
    values[5] = 6
    image = read_png(bar_chart(values, [str(day) for day in range(1, 31)], width=600, height=300))
    assert (image.width, image.height) == (600, 300)
    colours = {image.pixel(x, y) for y in range(image.height) for x in range(0, image.width, 2)}
    assert {BACKGROUND, BAR, LAST_BAR} <= colours
    # The tallest (last, highlighted) bar reaches higher than the half-height one.
    def top_of(colour: tuple[int, int, int]) -> int:
        return min(
            y for y in range(image.height) for x in range(image.width)
            if image.pixel(x, y) == colour
        )

    assert top_of(LAST_BAR) < top_of(BAR)


def test_bar_chart_without_questions_still_draws_axes() -> None:
    image = read_png(bar_chart([0] * 30, ["1"] * 30))
    assert (image.width, image.height) == (720, 360)
    assert BAR not in {image.pixel(x, 200) for x in range(image.width)}


def test_bar_chart_needs_a_label_per_bar() -> None:
    with pytest.raises(ValueError, match="label"):
        bar_chart([1, 2], ["1"])


@pytest.mark.parametrize(
    ("top", "step"), [(0, 1), (3, 1), (4, 1), (7, 2), (10, 5), (19, 5), (40, 10), (999, 500)]
)
def test_nice_step_gives_round_grid_steps(top: int, step: int) -> None:
    assert nice_step(top) == step


def test_canvas_text_draws_digits_inside_their_box() -> None:
    canvas = Canvas(40, 20)
    canvas.text(2, 2, "10", scale=2)
    image = read_png(canvas.png())
    inked = [
        (x, y) for y in range(20) for x in range(40) if image.pixel(x, y) != BACKGROUND
    ]
    assert inked
    assert max(x for x, _ in inked) < 2 + text_width("10")
    assert max(y for _, y in inked) < 2 + 10
