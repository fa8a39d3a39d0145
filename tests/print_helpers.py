"""Reading QR codes back, as a phone would: decode, and check the error-correction level."""

import io

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
