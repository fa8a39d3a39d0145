"""Reading QR codes back, as a phone would: decode, and check the error-correction level."""

import io
import re

import qrcode
from PIL import Image

# Format information: the two error-correction bits after unmasking (ISO/IEC 18004, table 12).
EC_LEVELS = {0b01: "L", 0b00: "M", 0b11: "Q", 0b10: "H"}
FORMAT_MASK = 0b101010000010010


def decode_all(image):
    # Imported here: pyzbar needs the system's libzbar0, which only the browser suite requires.
    from pyzbar.pyzbar import decode

    return sorted(symbol.data.decode() for symbol in decode(image))


def png_image(content):
    return Image.open(io.BytesIO(content)).convert("L")


def modules(image, quiet_zone=4):
    """The module grid of a clean, axis-aligned QR image with a known quiet zone."""
    width = image.width
    # Find the first dark pixel on the diagonal: the top-left corner of the finder pattern.
    start = next(i for i in range(width) if image.getpixel((i, i)) < 128)
    size_px = start / quiet_zone
    count = round(width / size_px) - 2 * quiet_zone

    def dark(row, col):
        x = int(start + (col + 0.5) * size_px)
        y = int(start + (row + 0.5) * size_px)
        return image.getpixel((x, y)) < 128

    return dark, count, start, size_px


def error_correction_level(image, quiet_zone=4):
    dark, _, _, _ = modules(image, quiet_zone)
    # The first copy of the format bits, around the top-left finder pattern (bit 14 first).
    cells = [
        (8, 0),
        (8, 1),
        (8, 2),
        (8, 3),
        (8, 4),
        (8, 5),
        (8, 7),
        (8, 8),
        (7, 8),
        (5, 8),
        (4, 8),
        (3, 8),
        (2, 8),
        (1, 8),
        (0, 8),
    ]
    bits = 0
    for row, col in cells:
        bits = (bits << 1) | int(dark(row, col))
    return EC_LEVELS[(bits ^ FORMAT_MASK) >> 13]


# qrcode's SvgPathFillImage: one <path> of unit squares "Mx,yHx+1Vy+1Hxz", in module units.
SVG_VIEWBOX = re.compile(r'viewBox="0 0 (\d+) (\d+)"')
SVG_PATH = re.compile(r'<path d="([^"]*)"')
SVG_SQUARE = re.compile(r"M(\d+),(\d+)H(\d+)V(\d+)H(\d+)z")


def svg_matrix(content):
    """The module grid (quiet zone included) of a QR SVG, read from its path of unit squares.

    Anything but unit squares fails loudly: a new SVG layout must not read as an empty grid.
    """
    text = content.decode() if isinstance(content, bytes) else content
    width, height = map(int, SVG_VIEWBOX.search(text).groups())
    assert width == height, f"a QR code is square, not {width}x{height}"
    (path,) = SVG_PATH.findall(text)
    squares = SVG_SQUARE.findall(path)
    assert "".join(m.group(0) for m in SVG_SQUARE.finditer(path)) == path.strip(), (
        "the path holds something other than unit squares"
    )
    grid = [[False] * width for _ in range(width)]
    for x, y, right, bottom, back in (map(int, square) for square in squares):
        assert (right, bottom, back) == (x + 1, y + 1, x), f"not a unit square at {x},{y}"
        grid[y][x] = True
    return grid


def matrix_image(grid, scale=10):
    """A black-on-white Pillow image of a module grid, as a phone's camera would see it."""
    image = Image.new("L", (len(grid) * scale,) * 2, 255)
    for row, cells in enumerate(grid):
        for col, dark in enumerate(cells):
            if dark:
                image.paste(0, (col * scale, row * scale, (col + 1) * scale, (row + 1) * scale))
    return image


def expected_matrix(data, level="M", quiet_zone=4):
    """The module grid a QR code of exactly ``data`` has (the standard's mask choice)."""
    level_constant = getattr(qrcode.constants, f"ERROR_CORRECT_{level}")
    code = qrcode.QRCode(error_correction=level_constant, border=quiet_zone)
    code.add_data(data)
    code.make(fit=True)
    return code.get_matrix()
