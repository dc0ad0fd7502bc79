"""Icons rendered from the SVG: every hicolor size, and a Windows .ico."""

from __future__ import annotations

import struct

from PySide6.QtGui import QImage


def test_a_png_at_every_size_a_linux_desktop_looks_for(rendered_icons, installer_module):
    sizes = installer_module("render_icons").LINUX_SIZES
    assert [int(path.parts[-3].split("x")[0]) for path in rendered_icons["png"]] == list(sizes)
    for path, size in zip(rendered_icons["png"], sizes):
        image = QImage(str(path))
        assert (image.width(), image.height()) == (size, size)
        assert image.hasAlphaChannel()
        corner, centre = image.pixelColor(0, 0), image.pixelColor(size // 2, size // 2)
        assert corner.alpha() == 0 and centre.alpha() == 255  # drawn, with a transparent margin


def test_the_ico_holds_every_windows_size_as_png(rendered_icons, installer_module):
    sizes = installer_module("render_icons").ICO_SIZES
    data = rendered_icons["ico"][0].read_bytes()
    reserved, kind, count = struct.unpack_from("<HHH", data)
    assert (reserved, kind, count) == (0, 1, len(sizes))
    for index, size in enumerate(sizes):
        width, height, _colours, _reserved, planes, bits, length, offset = struct.unpack_from("<BBBBHHII", data, 6 + 16 * index)
        assert (width or 256, height or 256, planes, bits) == (size, size, 1, 32)
        png = data[offset : offset + length]
        assert png[:8] == b"\x89PNG\r\n\x1a\n"
        image = QImage.fromData(png)
        assert (image.width(), image.height()) == (size, size)
