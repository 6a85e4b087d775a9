#!/usr/bin/env python3
"""Writes the JPEG fixtures of the entropy-walk tests with Pillow (libjpeg underneath): layouts the
project's own encoder does not write (restart markers, 4:2:0 and 4:2:2 sampling, optimized Huffman
tables). Run from this folder: python3 make-fixtures.py. The picture is a fixed formula, so the files
come out the same with the same Pillow/libjpeg."""
from PIL import Image


def picture(width, height, mode):
    image = Image.new("RGB", (width, height))
    image.putdata([((x * 7 + y * 3) % 256, (x * y) % 251, (x * x + 5 * y) % 241)
                   for y in range(height) for x in range(width)])
    return image.convert(mode)


picture(77, 53, "RGB").save("restart-color-420.jpg", quality=85, subsampling=2, restart_marker_blocks=3)
picture(64, 40, "RGB").save("restart-color-444-rows.jpg", quality=92, subsampling=0, restart_marker_rows=1)
picture(50, 33, "L").save("restart-gray.jpg", quality=88, restart_marker_blocks=5)
picture(83, 61, "RGB").save("optimized-color-420.jpg", quality=75, subsampling=2, optimize=True)
picture(70, 45, "RGB").save("color-422.jpg", quality=90, subsampling=1)
