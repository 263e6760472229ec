#!/usr/bin/env python3
"""Draws the PWA's PNG icons into Public/icons/ (committed; rerun after changing the design):
`any` icons (rounded square), `maskable` ones (full bleed, artwork inside the 80 % safe circle)
and 96 px shortcut icons. Needs Pillow: `$(scripts/e2e-venv.sh) scripts/make-icons.py`."""
import math
import pathlib
from PIL import Image, ImageDraw

BLUE, WHITE = (29, 78, 216, 255), (255, 255, 255, 255)
OUT = pathlib.Path(__file__).resolve().parent.parent / "Public" / "icons"
SCALE = 4  # draw large, then downsample: smooth edges without antialiasing primitives


def waves(draw, size, box):
    """Three sine waves ("Wave 3") inside box = (x0, y0, x1, y1), in canvas pixels."""
    x0, y0, x1, y1 = box
    width = max(2, int(size * 0.055))
    for row in range(3):
        cy = y0 + (y1 - y0) * (0.25 + 0.25 * row)
        amp = (y1 - y0) * 0.08
        pts = [(x, cy + amp * math.sin((x - x0) / (x1 - x0) * 2 * math.pi * 1.5)) for x in range(int(x0), int(x1) + 1, 2)]
        draw.line(pts, fill=WHITE, width=width, joint="curve")
        for end in (pts[0], pts[-1]):
            r = width / 2
            draw.ellipse((end[0] - r, end[1] - r, end[0] + r, end[1] + r), fill=WHITE)


def icon(size, maskable):
    big = size * SCALE
    img = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(img)
    if maskable:
        draw.rectangle((0, 0, big, big), fill=BLUE)
        inset = big * 0.24  # the safe zone is a circle of radius 0.4: keep the art well inside it
    else:
        draw.rounded_rectangle((0, 0, big - 1, big - 1), radius=big * 0.2, fill=BLUE)
        inset = big * 0.16
    waves(draw, big, (inset, inset, big - inset, big - inset))
    return img.resize((size, size), Image.LANCZOS)


def shortcut(kind):
    big = 96 * SCALE
    img = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    d.rounded_rectangle((0, 0, big - 1, big - 1), radius=big * 0.2, fill=BLUE)
    m = big * 0.22
    w = int(big * 0.06)
    if kind == "lessons":  # an open book
        d.line([(big / 2, m), (big / 2, big - m)], fill=WHITE, width=w)
        d.rectangle((m, m, big / 2 - w, big - m), outline=WHITE, width=w)
        d.rectangle((big / 2 + w, m, big - m, big - m), outline=WHITE, width=w)
    elif kind == "foryou":  # a star
        cx = cy = big / 2
        pts = []
        for k in range(10):
            r = big * (0.3 if k % 2 == 0 else 0.13)
            a = -math.pi / 2 + k * math.pi / 5
            pts.append((cx + r * math.cos(a), cy + r * math.sin(a)))
        d.polygon(pts, fill=WHITE)
    else:  # progress bars
        for k, frac in enumerate((0.45, 0.75, 0.6)):
            y = m + k * (big - 2 * m) / 3
            d.rectangle((m, y + w / 2, m + (big - 2 * m) * frac, y + (big - 2 * m) / 3 - w), fill=WHITE)
    return img.resize((96, 96), Image.LANCZOS)


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    for size in (192, 256, 384, 512):
        icon(size, False).quantize(32, method=Image.Quantize.FASTOCTREE).save(OUT / f"icon-{size}.png", optimize=True)
    for size in (192, 512):
        icon(size, True).quantize(32, method=Image.Quantize.FASTOCTREE).save(OUT / f"maskable-{size}.png", optimize=True)
    for kind in ("lessons", "foryou", "progress"):
        shortcut(kind).quantize(32, method=Image.Quantize.FASTOCTREE).save(OUT / f"shortcut-{kind}-96.png", optimize=True)
    print("icons written to", OUT)


if __name__ == "__main__":
    main()
