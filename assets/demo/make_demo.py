#!/usr/bin/env python3
"""Generate the synthetic demo photos and manifest.json for Evidence Vault.

Everything here is SYNTHETIC: the pictures are drawn with Pillow (no real photos,
no people) and the EXIF is written with piexif to look like what common phones of
2017 write. The facts (places, dates, cases) follow the two field reports in
shared/context/ (Tabqa and al-Mansura, Raqqa province, March 2017).

Requirements (Debian): python3-pil python3-piexif   (or: pip install pillow piexif)
Usage:  python3 assets/demo/make_demo.py            (writes next to this script)

Output is deterministic for a given Pillow/libjpeg version (fixed seeds); another
libjpeg may change the JPEG bytes, so manifest.json is rewritten with the new
SHA-256 values every run.
"""

import hashlib
import io
import json
import os
import random
from datetime import datetime, timedelta, timezone

import piexif
from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont, ImageOps

HERE = os.path.dirname(os.path.abspath(__file__))
W, H = 1024, 768

# Local time offset written to OffsetTimeOriginal. Syria was on UTC+02:00 (EET)
# on 21-22 March 2017; summer time (+03:00) only began on 31 March 2017
# (tzdata Asia/Damascus). Change here if you need another value.
TZ_OFFSET = "+02:00"

FONT_PATHS = [
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
]


def font(size):
    for p in FONT_PATHS:
        if os.path.exists(p):
            return ImageFont.truetype(p, size)
    return ImageFont.load_default()


# --------------------------------------------------------------------------
# Drawing helpers
# --------------------------------------------------------------------------

def lerp(a, b, t):
    return tuple(int(a[i] + (b[i] - a[i]) * t) for i in range(3))


def jitter(rng, c, d=12):
    return tuple(max(0, min(255, v + rng.randint(-d, d))) for v in c)


def shade(rng, c, d=14):
    """Vary brightness only (no colour cast)."""
    k = rng.randint(-d, d)
    return tuple(max(0, min(255, v + k)) for v in c)


def sky(img, horizon, top, bottom):
    d = ImageDraw.Draw(img)
    for y in range(horizon + 1):
        d.line([(0, y), (img.width, y)], fill=lerp(top, bottom, y / max(1, horizon)))


def ground(img, rng, horizon, near, far, specks=1600):
    d = ImageDraw.Draw(img)
    h = img.height
    for y in range(horizon, h):
        d.line([(0, y), (img.width, y)], fill=lerp(far, near, (y - horizon) / max(1, h - horizon)))
    for _ in range(specks):
        y = rng.randint(horizon, h - 1)
        x = rng.randint(0, img.width - 1)
        r = 1 + int(3 * (y - horizon) / max(1, h - horizon))
        d.ellipse([x - r, y - r // 2, x + r, y + r // 2], fill=shade(rng, lerp(far, near, 0.6), 25))


def skyline(img, rng, horizon, color, n=14, max_h=70):
    d = ImageDraw.Draw(img)
    x = -20
    while x < img.width:
        w = rng.randint(40, 110)
        hgt = rng.randint(15, max_h)
        d.rectangle([x, horizon - hgt, x + w, horizon], fill=jitter(rng, color, 6))
        if rng.random() < 0.3:  # water tank / minaret-like bump
            d.rectangle([x + w // 3, horizon - hgt - 12, x + w // 3 + 10, horizon - hgt], fill=color)
        x += w + rng.randint(0, 10)


def windows(d, rng, x0, y0, x1, y1, rows, cols, frame, dark=(30, 30, 32), broken=0.3):
    cw = (x1 - x0) / cols
    rh = (y1 - y0) / rows
    for r in range(rows):
        for c in range(cols):
            wx0 = x0 + c * cw + cw * 0.22
            wx1 = x0 + (c + 1) * cw - cw * 0.22
            wy0 = y0 + r * rh + rh * 0.22
            wy1 = y0 + (r + 1) * rh - rh * 0.3
            d.rectangle([wx0, wy0, wx1, wy1], fill=frame)
            inner = [wx0 + 3, wy0 + 3, wx1 - 3, wy1 - 3]
            if rng.random() < broken:
                d.rectangle(inner, fill=dark)
                # shards
                for _ in range(3):
                    px = rng.uniform(inner[0], inner[2])
                    d.polygon([(px, inner[1]), (px + rng.uniform(-8, 8), inner[1] + rng.uniform(6, 20)),
                               (px + rng.uniform(4, 10), inner[1])], fill=(150, 170, 180))
            else:
                d.rectangle(inner, fill=(120, 140, 150))


def rubble(d, rng, x0, x1, base, height, palette, n=260):
    """A mound of irregular, shaded blocks, higher in the middle, bigger toward the front."""
    def top_at(x):
        rel = (x - x0) / max(1, x1 - x0)
        return base - height * max(0.0, 1 - (2 * rel - 1) ** 2)

    for _ in range(n):
        x = rng.uniform(x0, x1)
        top = top_at(x)
        y = top + (base - top) * rng.random() ** 0.7
        depth = (y - top) / max(1, base - top)
        s = rng.uniform(5, 12) + 16 * depth * rng.random()
        pts = [(x + s * rng.uniform(-1, 1), y + s * rng.uniform(-0.6, 0.6)) for _ in range(5)]
        c = shade(rng, rng.choice(palette))
        d.polygon([(px + 2, py + 3) for px, py in pts], fill=tuple(v // 2 for v in c))
        d.polygon(pts, fill=c)
    # reinforcing bars sticking out of the mound
    for _ in range(n // 30):
        x = rng.uniform(x0 + (x1 - x0) * 0.15, x1 - (x1 - x0) * 0.15)
        y = top_at(x) + rng.uniform(5, 30)
        d.line([(x, y), (x + rng.uniform(-30, 30), y - rng.uniform(15, 45))], fill=(75, 50, 40), width=2)


def smoke(img, rng, x, y, spread=120, puffs=40, color=(90, 88, 85), alpha=110):
    layer = Image.new("RGBA", img.size, (0, 0, 0, 0))
    d = ImageDraw.Draw(layer)
    for i in range(puffs):
        t = i / puffs
        cx = x + rng.uniform(-spread, spread) * t + 60 * t
        cy = y - 380 * t
        r = 25 + 90 * t
        d.ellipse([cx - r, cy - r, cx + r, cy + r], fill=color + (int(alpha * (1 - t * 0.7)),))
    layer = layer.filter(ImageFilter.GaussianBlur(18))
    img.paste(Image.alpha_composite(img.convert("RGBA"), layer).convert("RGB"))


def reveal(img, bg, polygon):
    """Show the background (sky, distant skyline) through a hole, e.g. a collapsed wall."""
    mask = Image.new("L", img.size, 0)
    ImageDraw.Draw(mask).polygon(polygon, fill=255)
    img.paste(bg, (0, 0), mask)


def scorch(img, box):
    layer = Image.new("RGBA", img.size, (0, 0, 0, 0))
    ImageDraw.Draw(layer).ellipse(box, fill=(15, 12, 10, 150))
    layer = layer.filter(ImageFilter.GaussianBlur(14))
    img.paste(Image.alpha_composite(img.convert("RGBA"), layer).convert("RGB"))


def caption(img, text):
    layer = Image.new("RGBA", img.size, (0, 0, 0, 0))
    d = ImageDraw.Draw(layer)
    h = 34
    d.rectangle([0, img.height - h, img.width, img.height], fill=(0, 0, 0, 150))
    d.text((12, img.height - h + 8), text, font=font(15), fill=(255, 255, 255, 235))
    img.paste(Image.alpha_composite(img.convert("RGBA"), layer).convert("RGB"))


def photo_finish(img, rng, sigma=5):
    """Soften vector edges, add sensor grain and a slight vignette."""
    img = img.filter(ImageFilter.GaussianBlur(0.7))
    noise = Image.effect_noise(img.size, sigma).convert("RGB")
    img = ImageChops.add(img, noise, 1.0, -128)
    vig = Image.new("L", img.size, 0)
    ImageDraw.Draw(vig).ellipse([-img.width * 0.25, -img.height * 0.25,
                                 img.width * 1.25, img.height * 1.25], fill=255)
    vig = vig.filter(ImageFilter.GaussianBlur(120))
    dark = Image.new("RGB", img.size, (20, 18, 16))
    return Image.composite(img, dark, vig.point(lambda v: 150 + v * 105 // 255))


# --------------------------------------------------------------------------
# Scenes
# --------------------------------------------------------------------------

PLASTER = [(196, 184, 160), (180, 168, 146), (160, 150, 132), (140, 132, 118), (120, 112, 100)]
CONCRETE = [(150, 150, 146), (125, 124, 120), (100, 100, 98), (170, 168, 160)]


def scene_bakery(rng):
    img = Image.new("RGB", (W, H))
    hz = 400
    sky(img, hz, (150, 175, 200), (215, 210, 195))
    skyline(img, rng, hz, (175, 172, 165))
    ground(img, rng, hz, (150, 135, 110), (185, 175, 155))
    bg = img.copy()
    d = ImageDraw.Draw(img)
    # the bakery: single storey, flat roof, right part collapsed
    x0, x1, top, base = 130, 860, 250, 520
    d.rectangle([x0, top, x1, base], fill=(200, 188, 160))
    d.rectangle([x0, top - 12, x1, top], fill=(170, 160, 140))          # parapet
    d.rectangle([x0 + 40, top + 25, x0 + 420, top + 75], fill=(40, 110, 70))  # sign board
    for i in range(6):
        d.line([(x0 + 60 + i * 55, top + 40), (x0 + 90 + i * 55, top + 60)], fill=(220, 230, 220), width=4)
    # shutters
    for i, sx in enumerate([x0 + 40, x0 + 250, x0 + 460]):
        d.rectangle([sx, top + 110, sx + 170, base], fill=(120, 124, 128))
        for y in range(top + 115, base, 9):
            d.line([(sx, y), (sx + 170, y)], fill=(95, 98, 102), width=2)
        if i == 2:  # blown in
            d.polygon([(sx + 10, top + 150), (sx + 160, top + 120), (sx + 150, base), (sx + 30, base)],
                      fill=(28, 26, 25))
    scorch(img, (x1 - 420, top + 40, x1 - 150, top + 260))
    # collapsed roof on the right
    reveal(img, bg, [(x1 - 260, top - 12), (x1 + 5, top - 12), (x1 + 5, base), (x1 - 120, base),
                     (x1 - 150, top + 160), (x1 - 230, top + 60)])
    d.polygon([(x1 - 250, top + 10), (x1 + 20, top + 190), (x1 + 10, top + 210), (x1 - 260, top + 30)],
              fill=(130, 128, 122))  # slab hanging
    d.rectangle([x1 - 20, top - 12, x1, base], fill=(175, 165, 145))   # column still standing
    rubble(d, rng, x1 - 360, x1 + 120, base + 70, 150, PLASTER + CONCRETE, 420)
    rubble(d, rng, 0, 400, H - 20, 40, PLASTER, 120)
    # leaning power pole and cable
    d.line([(60, H - 120), (120, 160)], fill=(70, 60, 50), width=9)
    d.line([(120, 170), (x0 + 200, top - 40), (W, 240)], fill=(40, 40, 40), width=2)
    smoke(img, rng, x1 - 180, top + 40, puffs=30, alpha=80)
    return img


def scene_bakery_interior(rng):
    """Portrait scene (768 x 1024 upright)."""
    w, h = 768, 1024
    img = Image.new("RGB", (w, h), (70, 62, 55))
    d = ImageDraw.Draw(img)
    # back wall, tiled lower half
    d.rectangle([0, 0, w, 640], fill=(95, 86, 76))
    for y in range(380, 640, 32):
        for x in range((y // 32 % 2) * 20, w, 40):
            d.rectangle([x, y, x + 38, y + 30], fill=jitter(rng, (175, 170, 160), 8))
    # daylight through the hole in the ceiling
    d.polygon([(180, 0), (620, 0), (560, 120), (420, 170), (240, 110)], fill=(210, 220, 230))
    d.line([(240, 110), (200, 260)], fill=(60, 40, 30), width=3)
    d.line([(560, 120), (610, 300)], fill=(60, 40, 30), width=3)
    # oven arch
    d.rectangle([140, 330, 630, 700], fill=(150, 80, 55))
    for y in range(340, 700, 22):
        for x in range(140 + (y // 22 % 2) * 25, 630, 50):
            d.rectangle([x, y, x + 47, y + 19], outline=(120, 62, 42))
    d.pieslice([230, 420, 540, 760], 180, 360, fill=(20, 16, 14))
    d.rectangle([230, 590, 540, 700], fill=(20, 16, 14))
    scorch(img, (180, 300, 600, 520))
    d = ImageDraw.Draw(img)
    # floor
    d.rectangle([0, 700, w, h], fill=(120, 110, 98))
    # twisted bread racks
    for i in range(5):
        x = 40 + i * 18
        pts = [(x, 990), (x + 30, 860), (x + 10 + i * 6, 760), (x + 70, 690)]
        d.line(pts, fill=(140, 140, 145), width=5)
    for y in range(720, 990, 45):
        d.line([(40, y + rng.randint(-10, 10)), (200, y + rng.randint(-30, 30))], fill=(150, 150, 155), width=3)
    rubble(d, rng, 150, 768, h - 20, 160, PLASTER + CONCRETE + [(150, 80, 55)], 420)
    # flour sacks
    for cx, cy in [(620, 900), (680, 940)]:
        d.ellipse([cx - 60, cy - 35, cx + 60, cy + 35], fill=(225, 220, 205))
    return img


def scene_school(rng):
    img = Image.new("RGB", (W, H))
    hz = 420
    sky(img, hz, (120, 160, 205), (210, 215, 215))
    skyline(img, rng, hz, (170, 170, 168), max_h=50)
    ground(img, rng, hz, (160, 145, 120), (190, 180, 160))
    bg = img.copy()
    d = ImageDraw.Draw(img)
    x0, x1, top, base = 60, 960, 180, 500
    d.rectangle([x0, top, x1, base], fill=(225, 215, 190))
    d.rectangle([x0, base - 50, x1, base - 30], fill=(200, 70, 60))   # painted stripe
    d.rectangle([x0, base - 30, x1, base], fill=(60, 110, 170))
    windows(d, rng, x0 + 10, top + 10, x1 - 10, base - 60, 2, 10, (70, 110, 160), broken=0.6)
    scorch(img, (330, 200, 700, 440))
    # collapsed section in the middle
    reveal(img, bg, [(400, top - 5), (600, top - 5), (640, base), (380, base), (420, 330), (470, 260)])
    d.polygon([(400, top), (600, top), (620, top + 20), (430, top + 150)], fill=(140, 136, 128))
    rubble(d, rng, 300, 720, base + 90, 200, PLASTER + CONCRETE + [(70, 110, 160)], 520)
    # boundary wall and flagpole
    d.rectangle([0, 560, W, 600], fill=(190, 180, 160))
    reveal(img, bg, [(820, 560), (850, 548), (990, 552), (1000, 600), (820, 600)])  # breach in the wall
    rubble(d, rng, 800, 1024, 640, 60, PLASTER, 150)
    d.line([(990, 600), (990, 120)], fill=(120, 120, 120), width=5)
    smoke(img, rng, 520, 300, puffs=36, color=(110, 105, 100), alpha=70)
    return img


def scene_hospital(rng):
    img = Image.new("RGB", (W, H))
    hz = 430
    sky(img, hz, (165, 170, 175), (205, 200, 190))        # overcast, dusty
    skyline(img, rng, hz, (160, 158, 152))
    ground(img, rng, hz, (140, 128, 108), (180, 170, 150))
    bg = img.copy()
    d = ImageDraw.Draw(img)
    x0, x1, top, base = 80, 640, 150, 520
    d.rectangle([x0, top, x1, base], fill=(215, 210, 200))
    windows(d, rng, x0 + 10, top + 20, x1 - 10, base - 20, 3, 6, (90, 90, 90), broken=0.8)
    d.rectangle([x0 + 60, top - 60, x0 + 150, top], fill=(90, 95, 100))  # water tank on roof
    d.line([(x0 + 60, top - 60), (x0 + 150, top)], fill=(60, 60, 60), width=3)
    scorch(img, (x0 + 200, top + 60, x1 - 40, top + 260))
    # corner of the building gone: sky shows through
    reveal(img, bg, [(x1 - 160, top - 1), (x1 + 4, top - 1), (x1 + 4, base), (x1 - 60, base), (x1 - 120, 330)])
    # tent of the field hospital, torn
    d.polygon([(660, 520), (800, 330), (960, 520)], fill=(225, 225, 218))
    d.polygon([(800, 330), (860, 420), (830, 470), (790, 420)], fill=(40, 40, 40))
    d.line([(800, 330), (800, 520)], fill=(120, 120, 120), width=3)
    # burnt vehicle
    d.rounded_rectangle([290, 580, 570, 650], 14, fill=(40, 36, 34))
    d.polygon([(340, 582), (370, 535), (490, 535), (525, 582)], fill=(52, 47, 43))
    d.polygon([(380, 545), (425, 545), (425, 578), (360, 578)], fill=(18, 18, 18))
    d.polygon([(435, 545), (482, 545), (508, 578), (435, 578)], fill=(18, 18, 18))
    for cx in (350, 510):
        d.ellipse([cx - 28, 625, cx + 28, 681], fill=(15, 15, 15))
    rubble(d, rng, 0, 320, H - 30, 110, PLASTER + CONCRETE, 260)
    rubble(d, rng, 560, 1024, H - 20, 70, CONCRETE, 200)
    # scattered beds frames
    d.line([(650, 700), (760, 680), (770, 720)], fill=(180, 180, 185), width=4)
    return img


def scene_street(rng):
    """One-point perspective down a street, facades on both sides."""
    img = Image.new("RGB", (W, H))
    hz = 360
    sky(img, hz, (140, 165, 195), (225, 210, 185))        # late afternoon
    ground(img, rng, hz, (92, 90, 86), (140, 135, 125), specks=900)   # asphalt
    d = ImageDraw.Draw(img)
    vx = 520          # vanishing point x
    far = 70          # half-width of the street at the far end
    near_top, near_bot, far_top, far_bot = -40, H - 70, hz - 70, hz + 14

    def side(sign):
        x_near = 0 if sign < 0 else W
        x_far = vx + sign * far

        def pt(t, v, hf):
            """t: 0 near .. 1 far along the street; v: 0 top .. 1 bottom; hf: building height."""
            x = x_near + (x_far - x_near) * t
            bot = near_bot + (far_bot - near_bot) * t
            top = near_top + (far_top - near_top) * t
            top = bot - (bot - top) * hf
            return (x, top + (bot - top) * v)
        return pt

    for sign in (-1, 1):
        pt = side(sign)
        # pavement strip
        d.polygon([pt(0, 1, 1), pt(1, 1, 1), (vx + sign * (far - 25), far_bot + 4),
                   ((0 if sign < 0 else W) + sign * -260, H)], fill=(150, 142, 128))
        edges = [0.0, 0.3, 0.52, 0.7, 0.84, 1.0]
        for i in range(len(edges) - 1):
            t0, t1 = edges[i], edges[i + 1]
            hf = rng.uniform(0.55, 1.0)
            col = shade(rng, rng.choice([(200, 185, 160), (214, 200, 170), (190, 170, 150), (205, 190, 175)]))
            if sign > 0 and i == 1:
                # pancaked building: stacked slabs with no walls between
                for k in range(5):
                    v = 1 - k * 0.12
                    d.polygon([pt(t0, v - 0.04, 0.7), pt(t1, v - 0.02, 0.7), pt(t1, v, 0.7), pt(t0, v, 0.7)],
                              fill=shade(rng, (125, 122, 116)))
                continue
            d.polygon([pt(t0, 0, hf), pt(t1, 0, hf), pt(t1, 1, hf), pt(t0, 1, hf)], fill=col)
            rows, cols = 4, 2
            for r in range(rows):
                for c in range(cols):
                    ta = t0 + (t1 - t0) * (c + 0.25) / cols
                    tb = t0 + (t1 - t0) * (c + 0.75) / cols
                    va, vb = (r + 0.25) / rows * 0.85, (r + 0.7) / rows * 0.85
                    broken = rng.random() < 0.5
                    d.polygon([pt(ta, va, hf), pt(tb, va, hf), pt(tb, vb, hf), pt(ta, vb, hf)],
                              fill=(28, 26, 25) if broken else (95, 110, 120))
            if rng.random() < 0.4:  # shell hole in the facade
                cx, cy = pt((t0 + t1) / 2, 0.35, hf)
                r = 30 * (1 - (t0 + t1) / 2) + 6
                d.ellipse([cx - r, cy - r * 0.8, cx + r, cy + r * 0.8], fill=(35, 30, 28))
    rubble(d, rng, 640, 1024, H - 10, 170, PLASTER + CONCRETE, 450)
    rubble(d, rng, 0, 320, H - 10, 80, PLASTER, 200)
    # overhead cables
    for k in range(3):
        d.line([(0, 120 + k * 14), (vx, hz - 120 + k * 6), (W, 100 + k * 14)], fill=(35, 35, 35), width=2)
    smoke(img, rng, 800, 330, puffs=36, alpha=120)
    return img


def scene_badya(rng):
    img = Image.new("RGB", (W, H))
    hz = 430
    sky(img, hz, (175, 195, 215), (230, 220, 200))       # early morning haze
    skyline(img, rng, hz, (185, 180, 170), max_h=40)
    ground(img, rng, hz, (170, 150, 120), (200, 185, 160))
    d = ImageDraw.Draw(img)
    # what is left of a two-storey school: columns and a hanging slab
    for x in (170, 330, 690, 850):
        d.rectangle([x, 220, x + 26, 560], fill=(165, 162, 155))
    d.polygon([(150, 210), (520, 210), (700, 420), (680, 440), (500, 240), (150, 235)], fill=(135, 132, 126))
    d.polygon([(680, 215), (900, 215), (900, 240), (680, 240)], fill=(140, 138, 130))
    d.rectangle([860, 240, 990, 560], fill=(220, 210, 185))
    windows(d, rng, 862, 250, 988, 540, 2, 1, (60, 110, 160), broken=1.0)
    scorch(img, (160, 470, 840, 640))
    rubble(d, rng, 60, 980, 640, 250, PLASTER + CONCRETE + [(60, 110, 160)], 900)
    # blankets and mattresses of displaced families in the rubble
    for _ in range(14):
        x, y = rng.randint(160, 860), rng.randint(540, 650)
        c = rng.choice([(150, 60, 60), (60, 90, 140), (170, 140, 70), (90, 115, 80), (120, 70, 105)])
        d.polygon([(x, y), (x + rng.randint(30, 70), y - rng.randint(0, 15)),
                   (x + rng.randint(25, 60), y + rng.randint(10, 25)), (x - 5, y + 18)], fill=c)
    rubble(d, rng, 0, 1024, H, 60, PLASTER, 160)
    smoke(img, rng, 450, 380, puffs=40, color=(120, 116, 110), alpha=60)
    return img


def scene_badya_gate(rng):
    img = Image.new("RGB", (W, H))
    hz = 450
    sky(img, hz, (170, 192, 214), (228, 220, 202))
    ground(img, rng, hz, (165, 148, 120), (198, 185, 162))
    d = ImageDraw.Draw(img)
    # rubble beyond the wall
    rubble(d, rng, 100, 1000, 470, 220, PLASTER + CONCRETE, 500)
    bg = img.copy()
    # perimeter wall with painted panels
    d.rectangle([0, 400, W, 600], fill=(215, 205, 180))
    for i in range(6):
        d.rectangle([30 + i * 170, 430, 160 + i * 170, 560], fill=jitter(rng, (120, 170, 200), 30))
    # gate opening, bent metal gate
    reveal(img, bg, [(410, 380), (620, 380), (620, 610), (410, 610)])
    rubble(d, rng, 400, 640, 610, 120, PLASTER + CONCRETE, 220)
    d.polygon([(420, 600), (500, 420), (530, 440), (460, 610)], fill=(45, 90, 60))
    for k in range(6):
        d.line([(430 + k * 10, 600), (505 + k * 5, 430 + k * 3)], fill=(30, 60, 40), width=2)
    d.rectangle([390, 360, 420, 610], fill=(200, 190, 165))
    d.rectangle([620, 360, 650, 610], fill=(200, 190, 165))
    # shrapnel marks
    for _ in range(120):
        x, y = rng.randint(0, W), rng.randint(405, 595)
        if 400 < x < 650:
            continue
        d.ellipse([x - 2, y - 2, x + 2, y + 2], fill=(90, 85, 75))
    rubble(d, rng, 0, 1024, H, 40, PLASTER, 120)
    return img


# --------------------------------------------------------------------------
# EXIF
# --------------------------------------------------------------------------

def _fixed_dict_to_bytes(ifd_dict, ifd, ifd_offset):
    """Replacement for piexif._dump._dict_to_bytes (piexif 1.1.3).

    piexif writes the Exif and GPS sub-IFDs without the 4-byte "next IFD" offset
    that TIFF requires after every IFD, so the first value bytes are read as a
    bogus next-IFD pointer (kamadak-exif: "Unexpected next IFD"; exiftool
    -validate: "Value ... overlaps IFD"). It also leaves values at odd offsets.
    This version writes the zero next-IFD offset for the sub-IFDs and keeps every
    value word-aligned, as cameras do. (Not valid together with an Interop IFD,
    which this script does not write.)
    """
    import numbers
    import struct
    from piexif import _dump
    from piexif._exif import ExifIFD, ImageIFD, TAGS

    tag_count = len(ifd_dict)
    entry_header = struct.pack(">H", tag_count)
    sub_ifd = ifd not in ("0th", "1st")
    entries_length = 2 + tag_count * 12 + 4
    entries = b""
    values = b""
    for key in sorted(ifd_dict):
        if ifd == "0th" and key in (ImageIFD.ExifTag, ImageIFD.GPSTag):
            continue
        if ifd == "Exif" and key == ExifIFD.InteroperabilityTag:
            continue
        if ifd == "1st" and key in (ImageIFD.JPEGInterchangeFormat, ImageIFD.JPEGInterchangeFormatLength):
            continue
        raw_value = ifd_dict[key]
        value_type = TAGS[ifd][key]["type"]
        if isinstance(raw_value, (numbers.Integral, float)):
            raw_value = (raw_value,)
        offset = _dump.TIFF_HEADER_LENGTH + entries_length + ifd_offset + len(values)
        length_str, value_str, over = _dump._value_to_bytes(raw_value, value_type, offset)
        entries += struct.pack(">H", key) + struct.pack(">H", value_type) + length_str + value_str
        values += over
        if len(values) % 2:
            values += b"\x00"
    if sub_ifd:
        entries += b"\x00\x00\x00\x00"   # next IFD: none
    return (entry_header + entries, values)


piexif._dump._dict_to_bytes = _fixed_dict_to_bytes


def dms(value):
    v = abs(value)
    deg = int(v)
    minutes = int((v - deg) * 60)
    sec = round(((v - deg) * 60 - minutes) * 60 * 10000)
    return ((deg, 1), (minutes, 1), (sec, 10000))


def make_exif(p, width, height, thumb_img):
    local = datetime.strptime(p["taken"], "%Y-%m-%d %H:%M:%S")
    sign = 1 if TZ_OFFSET[0] == "+" else -1
    off = timedelta(hours=int(TZ_OFFSET[1:3]), minutes=int(TZ_OFFSET[4:6])) * sign
    utc = (local - off).replace(tzinfo=timezone.utc)
    stamp = local.strftime("%Y:%m:%d %H:%M:%S").encode()
    zeroth = {
        piexif.ImageIFD.Make: p["make"].encode(),
        piexif.ImageIFD.Model: p["model"].encode(),
        piexif.ImageIFD.Orientation: p["orientation"],
        piexif.ImageIFD.XResolution: (72, 1),
        piexif.ImageIFD.YResolution: (72, 1),
        piexif.ImageIFD.ResolutionUnit: 2,
        piexif.ImageIFD.Software: p["software"].encode(),
        piexif.ImageIFD.DateTime: stamp,
        piexif.ImageIFD.YCbCrPositioning: 1,
    }
    exif = {
        piexif.ExifIFD.ExposureTime: p.get("exposure", (1, 500)),
        piexif.ExifIFD.FNumber: p.get("fnumber", (19, 10)),
        piexif.ExifIFD.ISOSpeedRatings: p.get("iso", 50),
        piexif.ExifIFD.ExifVersion: b"0231",
        piexif.ExifIFD.ComponentsConfiguration: b"\x01\x02\x03\x00",
        piexif.ExifIFD.FlashpixVersion: b"0100",
        piexif.ExifIFD.DateTimeOriginal: stamp,
        piexif.ExifIFD.DateTimeDigitized: stamp,
        piexif.ExifIFD.OffsetTime: TZ_OFFSET.encode(),
        piexif.ExifIFD.OffsetTimeOriginal: TZ_OFFSET.encode(),
        piexif.ExifIFD.OffsetTimeDigitized: TZ_OFFSET.encode(),
        piexif.ExifIFD.FocalLength: p.get("focal", (370, 100)),
        piexif.ExifIFD.ColorSpace: 1,
        piexif.ExifIFD.PixelXDimension: width,
        piexif.ExifIFD.PixelYDimension: height,
        piexif.ExifIFD.WhiteBalance: 0,
        piexif.ExifIFD.Flash: 0,
    }
    gps = {}
    if p.get("gps"):
        lat, lon, alt = p["gps"]
        gps = {
            piexif.GPSIFD.GPSVersionID: (2, 2, 0, 0),
            piexif.GPSIFD.GPSLatitudeRef: b"N" if lat >= 0 else b"S",
            piexif.GPSIFD.GPSLatitude: dms(lat),
            piexif.GPSIFD.GPSLongitudeRef: b"E" if lon >= 0 else b"W",
            piexif.GPSIFD.GPSLongitude: dms(lon),
            piexif.GPSIFD.GPSAltitudeRef: 0,
            piexif.GPSIFD.GPSAltitude: (int(alt * 10), 10),
            piexif.GPSIFD.GPSTimeStamp: ((utc.hour, 1), (utc.minute, 1), (utc.second, 1)),
            piexif.GPSIFD.GPSDateStamp: utc.strftime("%Y:%m:%d").encode(),
            piexif.GPSIFD.GPSMapDatum: b"WGS-84",
        }
    d = {"0th": zeroth, "Exif": exif, "GPS": gps, "1st": {}, "thumbnail": None}
    if thumb_img is not None:
        buf = io.BytesIO()
        thumb_img.save(buf, "JPEG", quality=70)
        d["thumbnail"] = buf.getvalue()
        d["1st"] = {
            piexif.ImageIFD.Compression: 6,
            piexif.ImageIFD.XResolution: (72, 1),
            piexif.ImageIFD.YResolution: (72, 1),
            piexif.ImageIFD.ResolutionUnit: 2,
            piexif.ImageIFD.Orientation: p["orientation"],
        }
    return piexif.dump(d)


# --------------------------------------------------------------------------
# The demo set
# --------------------------------------------------------------------------

SAMSUNG_J5 = dict(make="samsung", model="SM-J500H", software="J500HXXU2BQB1")
HUAWEI_Y6 = dict(make="HUAWEI", model="TIT-U02", software="TIT-U02C185B135")
IPHONE_6 = dict(make="Apple", model="iPhone 6", software="10.2.1", focal=(415, 100), fnumber=(22, 10))
SAMSUNG_GP = dict(make="samsung", model="SM-G531H", software="G531HXXU1BQA2")

PHOTOS = [
    dict(file="tabqa-bakery-01.jpg", scene=scene_bakery, seed=101, orientation=1, thumb=True,
         taken="2017-03-22 09:14:27", gps=(35.83721, 38.54630, 291.0), **SAMSUNG_J5,
         title="Tabqa bakery, street front after the strike",
         description="Front of the city's only working bakery in al-Tabaqa. Roof collapsed over the "
                     "right-hand production hall, third shutter blown inwards, rubble across the pavement. "
                     "Taken from the opposite pavement, facing north.",
         case="TABQA-2017-03", tags=["airstrike", "bakery", "civilian-infrastructure", "tabqa"],
         place="al-Tabaqa (Tabqa), Raqqa governorate", event_date="2017-03-22"),
    dict(file="tabqa-bakery-02.jpg", scene=scene_bakery_interior, seed=102, orientation=6, thumb=True,
         portrait=True,
         taken="2017-03-22 09:16:05", gps=(35.83728, 38.54655, 290.0), **SAMSUNG_J5,
         title="Tabqa bakery, oven hall interior",
         description="Inside the production hall: bread oven scorched, bread racks twisted, hole in the "
                     "ceiling. Portrait shot; the phone stored it rotated (EXIF Orientation 6).",
         case="TABQA-2017-03", tags=["airstrike", "bakery", "interior", "tabqa"],
         place="al-Tabaqa (Tabqa), Raqqa governorate", event_date="2017-03-22"),
    dict(file="tabqa-maysaloon-school-01.jpg", scene=scene_school, seed=103, orientation=1, thumb=True,
         taken="2017-03-22 10:03:51", gps=(35.83184, 38.55271, 296.0), **SAMSUNG_J5,
         title="Maysaloon School, collapsed middle section",
         description="Maysaloon School in al-Tabaqa seen from the street: centre of the two-storey block "
                     "collapsed, most windows blown out, breach in the boundary wall on the right.",
         case="TABQA-2017-03", tags=["airstrike", "school", "education", "tabqa"],
         place="Maysaloon School, al-Tabaqa, Raqqa governorate", event_date="2017-03-22"),
    dict(file="tabqa-field-hospital-01.jpg", scene=scene_hospital, seed=104, orientation=1, thumb=False,
         taken="2017-03-22 11:41:18", gps=None, **HUAWEI_Y6, exposure=(1, 250), fnumber=(22, 10),
         title="Field hospital, main building and tent",
         description="Field hospital in al-Tabaqa: windows blown out, roof corner gone, treatment tent torn, "
                     "burnt vehicle in front. The phone had location turned off, so the photo has no GPS; "
                     "place confirmed by the nurse who guided the documenter.",
         case="TABQA-2017-03", tags=["airstrike", "medical", "hospital", "tabqa", "no-gps"],
         place="Field hospital, al-Tabaqa, Raqqa governorate", event_date="2017-03-22"),
    dict(file="tabqa-synaa-street-01.jpg", scene=scene_street, seed=105, orientation=1, thumb=True,
         taken="2017-03-21 17:32:10", gps=(35.84012, 38.54021, 288.0), **IPHONE_6,
         title="Al Synaa Street, residential damage",
         description="Al Synaa (Industrial) Street looking east: one residential building pancaked on the "
                     "right, facades damaged on both sides, smoke still rising.",
         case="TABQA-2017-03", tags=["airstrike", "residential", "tabqa"],
         place="Al Synaa Street, al-Tabaqa, Raqqa governorate", event_date="2017-03-21"),
    dict(file="mansura-badya-school-01.jpg", scene=scene_badya, seed=201, orientation=1, thumb=True,
         taken="2017-03-21 08:12:44", gps=(35.83342, 38.78118, 262.0), **SAMSUNG_GP,
         title="Al Badya School, al-Mansura, the morning after",
         description="Al Badya School, used as a shelter for displaced families from other governorates, "
                     "completely destroyed. Blankets and mattresses visible in the rubble.",
         case="MANSURA-2017-03", tags=["airstrike", "school", "idp-shelter", "mass-casualty", "al-mansura"],
         place="Al Badya School, al-Mansura, western Raqqa countryside", event_date="2017-03-21"),
    dict(file="mansura-badya-school-02.jpg", scene=scene_badya_gate, seed=202, orientation=1, thumb=False,
         taken="2017-03-21 08:20:03", gps=(35.83361, 38.78152, 262.0), **SAMSUNG_GP,
         title="Al Badya School, gate and perimeter wall",
         description="Main gate of Al Badya School, bent inwards; fragmentation marks on the painted "
                     "perimeter wall; collapsed building behind.",
         case="MANSURA-2017-03", tags=["airstrike", "school", "idp-shelter", "al-mansura"],
         place="Al Badya School, al-Mansura, western Raqqa countryside", event_date="2017-03-21"),
]

CASES = [
    dict(id="TABQA-2017-03",
         title="Coalition air strikes on al-Tabaqa (Tabqa), 21-22 March 2017",
         summary="Strikes on the city's only bakery, Maysaloon School, the field hospital, the first "
                 "neighbourhood and Al Synaa Street; about 20 civilians reported killed in 24 hours."),
    dict(id="MANSURA-2017-03",
         title="Air strike on Al Badya School, al-Mansura, 21 March 2017",
         summary="School sheltering about 300 displaced people destroyed; 101 reported killed, most of "
                 "them women and children (figure from local activists, unverified)."),
]


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        h.update(f.read())
    return h.hexdigest()


def main():
    manifest_photos = []
    for p in PHOTOS:
        rng = random.Random(p["seed"])
        upright = p["scene"](rng)
        place_short = p["place"].split(",")[0]
        caption(upright, f"SYNTHETIC DEMO IMAGE - not evidence  |  {place_short}  |  {p['event_date']}")
        upright = photo_finish(upright, rng)
        if p["orientation"] == 6:
            # Orientation 6 = "rotate 90 CW to display": store the pixels rotated 90 CCW.
            stored = upright.transpose(Image.Transpose.ROTATE_90)
        else:
            stored = upright
        thumb = None
        if p["thumb"]:
            thumb = stored.copy()
            thumb.thumbnail((160, 160))
        exif = make_exif(p, stored.width, stored.height, thumb)
        out = os.path.join(HERE, p["file"])
        stored.save(out, "JPEG", quality=78, exif=exif, optimize=True)
        # self-check: applying the orientation gives back the upright picture
        with Image.open(out) as chk:
            shown = ImageOps.exif_transpose(chk)
            assert shown.size == upright.size, (p["file"], shown.size, upright.size)
        size = os.path.getsize(out)
        print(f"{p['file']}: stored {stored.width}x{stored.height}, orientation {p['orientation']}, "
              f"gps {'yes' if p['gps'] else 'no'}, thumbnail {'yes' if thumb else 'no'}, {size} bytes")
        manifest_photos.append(dict(
            file=p["file"], title=p["title"], description=p["description"], case=p["case"],
            tags=p["tags"] + ["demo"], place=p["place"], event_date=p["event_date"],
            sha256=sha256(out), size=size))

    notes = sorted(f"notes/{n}" for n in os.listdir(os.path.join(HERE, "notes")) if n.endswith(".json")) \
        if os.path.isdir(os.path.join(HERE, "notes")) else []
    manifest = {
        "format": 1,
        "synthetic": True,
        "about": "Demo data for Evidence Vault. The photos are drawn by make_demo.py and are not "
                 "real evidence; facts follow public field reports from Raqqa province, March 2017.",
        "cases": CASES,
        "photos": manifest_photos,
        "notes": notes,
    }
    with open(os.path.join(HERE, "manifest.json"), "w", encoding="utf-8") as f:
        json.dump(manifest, f, ensure_ascii=False, indent=2)
        f.write("\n")
    print("wrote manifest.json")


if __name__ == "__main__":
    main()
