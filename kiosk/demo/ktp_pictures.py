"""Specimen pictures of a KTP (and of cards that are not one) as the kiosk's camera sees them.

Drawn with Pillow from made-up data, for the demo morning, the tests and the benchmark: an e-KTP
face (pale blue-green with guilloche lines, PROVINSI/KOTA header, the NIK line in large bold
digits, label : value rows, the photo box), a family card (KARTU KELUARGA) and a membership card,
laid on a tray and spoilt the ways a real tray spoils them: turned up to 15°, blurred, glare, a
shadow, low light, a thumb over a corner. No real person's data; nothing here is read back.
"""
from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from datetime import date
from importlib import resources

from PIL import Image, ImageChops, ImageDraw, ImageEnhance, ImageFilter, ImageFont

CARD_SIZE = (856, 540)                 # ID-1, 85.6 x 54 mm at 10 px/mm
FRAME_SIZE = (1280, 960)               # what the document camera hands over
MONTHS_ID = ("", "JANUARI", "FEBRUARI", "MARET", "APRIL", "MEI", "JUNI", "JULI", "AGUSTUS",
             "SEPTEMBER", "OKTOBER", "NOVEMBER", "DESEMBER")


def _font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    with resources.as_file(resources.files("kiosk.assets") / "fonts" / name) as path:
        return ImageFont.truetype(str(path), size)


@dataclass(frozen=True)
class KtpFace:
    """What is printed on the card; the NIK need not agree with the rest (a test may want that)."""

    nik: str
    name: str = "SITI AMINAH"
    birth_place: str = "JAKARTA"
    birth_date: date = date(1959, 6, 26)
    sex: str = "F"                                  # "M" or "F"
    province: str = "PROVINSI DKI JAKARTA"
    city: str = "KOTA JAKARTA SELATAN"
    address: str = "JL. MANGGA BESAR NO. 12"
    extra_rows: tuple[tuple[str, str], ...] = field(default=(
        ("RT/RW", "005/002"), ("Kel/Desa", "TEBET BARAT"), ("Kecamatan", "TEBET"), ("Agama", "ISLAM"),
        ("Status Perkawinan", "KAWIN"), ("Pekerjaan", "PENSIUNAN"), ("Kewarganegaraan", "WNI"),
        ("Berlaku Hingga", "SEUMUR HIDUP")))


def _guilloche(draw: ImageDraw.ImageDraw, size: tuple[int, int], rng: random.Random) -> None:
    w, h = size
    for k in range(14):
        amp, period, phase = rng.uniform(8, 30), rng.uniform(90, 260), rng.uniform(0, 6.3)
        y0 = k * h / 14 + rng.uniform(-6, 6)
        points = [(x, y0 + amp * math.sin(x / period * 6.28 + phase)) for x in range(0, w + 8, 8)]
        draw.line(points, fill=(150, 200, 205), width=1)


def _pale_card(size: tuple[int, int], rng: random.Random, tint=(196, 228, 230)) -> Image.Image:
    card = Image.new("RGB", size, tint)
    draw = ImageDraw.Draw(card)
    w, h = size
    for y in range(0, h, 4):                        # a soft top-to-bottom gradient
        shade = int(10 * y / h)
        draw.rectangle((0, y, w, y + 4), fill=(tint[0] - shade, tint[1] - shade // 2, tint[2]))
    _guilloche(draw, size, rng)
    return card


def draw_ktp(face: KtpFace, seed: int = 0) -> Image.Image:
    """The face of an e-KTP, straight, at 10 px/mm."""
    rng = random.Random(seed)
    card = _pale_card(CARD_SIZE, rng)
    draw = ImageDraw.Draw(card)
    ink = (20, 20, 24)
    head = _font(24, bold=True)
    for y, text in ((14, face.province), (44, face.city)):
        width = draw.textlength(text, font=head)
        draw.text(((CARD_SIZE[0] - width) / 2, y), text, font=head, fill=ink)
    draw.text((28, 86), "NIK", font=_font(34, bold=True), fill=ink)
    draw.text((118, 86), ":", font=_font(34, bold=True), fill=ink)
    draw.text((140, 84), face.nik, font=_font(36, bold=True), fill=ink)
    label, value = _font(17), _font(17)
    born = f"{face.birth_place}, {face.birth_date.day:02d}-{face.birth_date.month:02d}-{face.birth_date.year}"
    rows = [("Nama", face.name), ("Tempat/Tgl Lahir", born),
            ("Jenis Kelamin", ("LAKI-LAKI" if face.sex == "M" else "PEREMPUAN") + "      Gol. Darah : O"),
            ("Alamat", face.address), *face.extra_rows]
    y = 140
    for name, text in rows:
        draw.text((28, y), name, font=label, fill=ink)
        draw.text((200, y), ":", font=label, fill=ink)
        draw.text((214, y), text, font=value, fill=ink)
        y += 30
    # photo, place and date of issue, signature
    draw.rectangle((640, 120, 820, 350), fill=(210, 60, 60), outline=(120, 30, 30), width=2)
    draw.ellipse((690, 150, 770, 240), fill=(200, 160, 130))
    draw.rectangle((670, 250, 790, 350), fill=(40, 40, 60))
    small = _font(15)
    for y, text in ((360, face.city.replace("KOTA ", "").replace("KABUPATEN ", "")), (382, "12-03-2013")):
        width = draw.textlength(text, font=small)
        draw.text((730 - width / 2, y), text, font=small, fill=ink)
    draw.line([(670, 440), (700, 418), (730, 445), (760, 420), (790, 440)], fill=ink, width=2)
    return card


def draw_family_card(number: str, seed: int = 0) -> Image.Image:
    """A family card (Kartu Keluarga): an A4 sheet, landscape, with its own 16-digit number."""
    rng = random.Random(seed)
    sheet = Image.new("RGB", (1120, 790), (246, 246, 240))
    draw = ImageDraw.Draw(sheet)
    _guilloche(draw, sheet.size, rng)
    ink = (20, 20, 24)
    big = _font(40, bold=True)
    title = "KARTU KELUARGA"
    draw.text(((1120 - draw.textlength(title, font=big)) / 2, 30), title, font=big, fill=ink)
    line = f"No. {number}"
    draw.text(((1120 - draw.textlength(line, font=_font(30, True))) / 2, 84), line, font=_font(30, True), fill=ink)
    small = _font(16)
    for i, (k, v) in enumerate((("Nama Kepala Keluarga", "BUDI SANTOSO"), ("Alamat", "JL. MANGGA BESAR 12"),
                                ("RT/RW", "005/002"), ("Provinsi", "DKI JAKARTA"))):
        draw.text((40, 150 + 26 * i), f"{k}  :  {v}", font=small, fill=ink)
    for r in range(7):                              # the table of family members
        y = 270 + 60 * r
        draw.rectangle((40, y, 1080, y + 60), outline=ink, width=1)
        if r:
            draw.text((50, y + 20), f"{r}   ANGGOTA {r}   31710{rng.randrange(10**10, 10**11)}", font=small, fill=ink)
    return sheet


def draw_membership_card(number: str, nik: str | None = None, seed: int = 0) -> Image.Image:
    """A membership card (BPJS style): card sized, green and white, its own number; it may print
    the holder's NIK too, and is still not a KTP."""
    rng = random.Random(seed)
    card = _pale_card(CARD_SIZE, rng, tint=(236, 244, 236))
    draw = ImageDraw.Draw(card)
    draw.rectangle((0, 0, CARD_SIZE[0], 110), fill=(0, 120, 70))
    draw.text((30, 22), "BPJS KETENAGAKERJAAN", font=_font(38, True), fill=(255, 255, 255))
    draw.text((30, 70), "KARTU PESERTA", font=_font(22, True), fill=(230, 255, 230))
    ink = (20, 20, 24)
    draw.text((30, 150), "No. Kartu", font=_font(20), fill=ink)
    draw.text((30, 180), number, font=_font(40, True), fill=ink)
    rows = [("Nama", "SITI AMINAH"), ("Tgl Lahir", "26-06-1959")]
    if nik:
        rows.insert(0, ("NIK", nik))
    for i, (k, v) in enumerate(rows):
        draw.text((30, 260 + 34 * i), f"{k} : {v}", font=_font(22), fill=ink)
    return card


@dataclass(frozen=True)
class Spoil:
    """How the tray and the light spoil the picture."""

    angle: float = 0.0           # degrees, counter-clockwise
    scale: float = 0.62          # card width / frame width
    blur: float = 0.0            # Gaussian radius in px
    glare: float = 0.0           # 0..1, a bright spot over the card
    shadow: float = 0.0          # 0..1, a dark band over part of the card
    light: float = 1.0           # overall brightness (0.35 is a dim lobby corner)
    thumb: bool = False          # a thumb over the lower-left corner
    noise: float = 0.0           # sensor noise, std in grey levels
    offset: tuple[float, float] = (0.0, 0.0)   # card centre from frame centre, share of the frame


def _tray(size: tuple[int, int], rng: random.Random) -> Image.Image:
    base = rng.choice([(70, 62, 55), (48, 52, 58), (92, 72, 52), (35, 35, 38)])
    tray = Image.new("RGB", size, base)
    draw = ImageDraw.Draw(tray)
    for y in range(0, size[1], 3):                  # grain
        d = rng.randint(-8, 8)
        draw.line([(0, y), (size[0], y + rng.randint(-4, 4))], fill=tuple(max(0, c + d) for c in base))
    return tray


def empty_tray(seed: int = 0) -> Image.Image:
    """The tray with nothing on it (the card was lifted)."""
    return _tray(FRAME_SIZE, random.Random(seed))


def _card_mask(size: tuple[int, int], radius: int = 28) -> Image.Image:
    mask = Image.new("L", size, 0)
    ImageDraw.Draw(mask).rounded_rectangle((0, 0, size[0] - 1, size[1] - 1), radius=radius, fill=255)
    return mask


def on_tray(card: Image.Image, spoil: Spoil = Spoil(), seed: int = 0) -> Image.Image:
    """The card laid on the tray and photographed from above, spoilt as ``spoil`` says."""
    rng = random.Random(seed)
    frame = _tray(FRAME_SIZE, rng)
    width = int(FRAME_SIZE[0] * spoil.scale)
    height = int(card.height * width / card.width)
    if card.height > card.width * 0.7:              # an A4 sheet: larger than the card
        width, height = int(FRAME_SIZE[0] * 0.9), int(FRAME_SIZE[0] * 0.9 * card.height / card.width)
    shown = card.resize((width, height), Image.LANCZOS)
    mask = _card_mask(shown.size, radius=max(4, width // 30))
    shown = shown.rotate(spoil.angle, resample=Image.BICUBIC, expand=True)
    mask = mask.rotate(spoil.angle, resample=Image.BICUBIC, expand=True)
    x = int((FRAME_SIZE[0] - shown.width) / 2 + spoil.offset[0] * FRAME_SIZE[0])
    y = int((FRAME_SIZE[1] - shown.height) / 2 + spoil.offset[1] * FRAME_SIZE[1])
    frame.paste(shown, (x, y), mask)
    centre = (x + shown.width / 2, y + shown.height / 2)
    if spoil.thumb:
        _thumb(frame, centre, width, height, spoil.angle)
    if spoil.shadow:
        _shadow(frame, spoil.shadow, rng)
    if spoil.glare:
        _glare(frame, centre, width, spoil.glare, rng)
    if spoil.light != 1.0:
        frame = ImageEnhance.Brightness(frame).enhance(spoil.light)
    if spoil.blur:
        frame = frame.filter(ImageFilter.GaussianBlur(spoil.blur))
    if spoil.noise:
        frame = _noise(frame, spoil.noise, rng)
    return frame


def _thumb(frame: Image.Image, centre, width: int, height: int, angle: float) -> None:
    """A thumb over the card's lower-left corner, coming in from outside the card."""
    a = math.radians(-angle)
    cx, cy = -width / 2 + width * 0.05, height / 2 - height * 0.03
    px = centre[0] + cx * math.cos(a) - cy * math.sin(a)
    py = centre[1] + cx * math.sin(a) + cy * math.cos(a)
    layer = Image.new("L", frame.size, 0)
    ImageDraw.Draw(layer).ellipse((px - 70, py - 45, px + 60, py + 120), fill=255)
    layer = layer.filter(ImageFilter.GaussianBlur(6))
    frame.paste(Image.new("RGB", frame.size, (205, 150, 120)), (0, 0), layer)


def _shadow(frame: Image.Image, strength: float, rng: random.Random) -> None:
    """A soft shadow (a head or a hand between the lamp and the tray) over one side of the frame."""
    layer = Image.new("L", frame.size, 0)
    w, h = frame.size
    x0 = rng.uniform(0.45, 0.6) * w
    ImageDraw.Draw(layer).polygon([(x0, 0), (w, 0), (w, h), (x0 - 0.25 * w, h)], fill=int(255 * strength))
    layer = layer.filter(ImageFilter.GaussianBlur(30))
    frame.paste(Image.new("RGB", frame.size, (0, 0, 0)), (0, 0), layer)


def _glare(frame: Image.Image, centre, width: int, strength: float, rng: random.Random) -> None:
    """The lamp's reflection: a soft bright spot on the laminate, away from the NIK line."""
    layer = Image.new("L", frame.size, 0)
    gx = centre[0] + rng.uniform(0.05, 0.3) * width
    gy = centre[1] + rng.uniform(0.05, 0.15) * width
    r = width * 0.16
    ImageDraw.Draw(layer).ellipse((gx - r, gy - r * 0.6, gx + r, gy + r * 0.6), fill=int(255 * strength))
    layer = layer.filter(ImageFilter.GaussianBlur(r / 3))
    frame.paste(Image.new("RGB", frame.size, (255, 255, 250)), (0, 0), layer)


def _noise(frame: Image.Image, std: float, rng: random.Random) -> Image.Image:
    grain = Image.effect_noise(frame.size, std).convert("RGB")
    return ImageChops.add(frame, grain, offset=-128)
