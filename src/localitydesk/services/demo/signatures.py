"""Hand-drawn-looking signatures for the demo's timesheets signed on screen.

A signature given on the pad is stored as a PNG of its strokes; a demo sheet
shown as signed with an empty signature box would look broken, so each is
given one of a small pool of generated scribbles: a few joined loops with a
slant and a tail, in pen blue on white, the size of the pad.
"""

from __future__ import annotations

import io
import math
import random

from PIL import Image, ImageDraw

WIDTH, HEIGHT = 360, 110
INK = (20, 40, 120)
POOL_SIZE = 16


def _scribble(rng: random.Random) -> list[tuple[float, float]]:
    """A run of loops along the baseline, like a quick cursive name.

    A prolate cycloid: the pen moves forward while circling a little wider
    than it advances, which draws joined loops; their height varies and the
    whole is slanted."""
    loops = rng.randint(4, 7)
    left, right = rng.uniform(18, 40), rng.uniform(WIDTH - 110, WIDTH - 50)
    advance = (right - left) / (loops * 2 * math.pi)  # per radian of pen turn
    radius = advance * rng.uniform(1.5, 2.2)
    slant = rng.uniform(0.2, 0.5)
    baseline = HEIGHT * rng.uniform(0.55, 0.65)
    points = []
    steps = loops * 48
    for step in range(steps + 1):
        phase = step / steps * loops * 2 * math.pi
        tall = 1.0 + 0.9 * max(0.0, math.sin(phase / 2 + loops)) * (step % 96 < 48)
        rise = radius * tall * (1 - math.cos(phase))
        x = left + advance * phase - radius * math.sin(phase) + slant * rise
        points.append((x, baseline - rise))
    tail = points[-1]
    points.append((tail[0] + rng.uniform(20, 45), tail[1] + rng.uniform(4, 12)))
    return points


def signature_png(rng: random.Random) -> bytes:
    image = Image.new("RGB", (WIDTH, HEIGHT), "white")
    pen = ImageDraw.Draw(image)
    pen.line(_scribble(rng), fill=INK, width=3, joint="curve")
    if rng.random() < 0.6:  # a crossing stroke or underline
        y = HEIGHT * rng.uniform(0.72, 0.85)
        pen.line([(rng.uniform(20, 60), y), (rng.uniform(WIDTH - 140, WIDTH - 60), y - rng.uniform(-6, 6))], fill=INK, width=2)
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()


def signature_pool(rng: random.Random, size: int = POOL_SIZE) -> list[bytes]:
    """A few signatures drawn once per demo build, shared out among the sheets."""
    return [signature_png(rng) for _ in range(size)]
