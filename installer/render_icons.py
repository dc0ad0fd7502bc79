"""Render the application icon from its SVG at build time.

    python installer/render_icons.py [OUT_DIR]

Writes ``hicolor/<N>x<N>/apps/localitydesk.png`` for the sizes a Linux
desktop looks for, and ``localitydesk.ico`` (PNG-compressed entries, which
every Windows since Vista reads) for the Windows executables and installer.
The SVG is the only icon kept in git; everything here is a build product.
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

HERE = Path(__file__).resolve().parent
SVG = HERE.parent / "resources" / "icons" / "localitydesk.svg"
DEFAULT_OUT = HERE.parent / "build" / "icons"
LINUX_SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 20, 24, 32, 40, 48, 64, 128, 256)


def render_png(size: int) -> bytes:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(SVG))
    if not renderer.isValid():
        raise SystemExit(f"cannot read {SVG}")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data)


def ico_bytes(pngs: dict[int, bytes]) -> bytes:
    """An .ico holding PNG images: ICONDIR, one ICONDIRENTRY per size, the PNGs."""
    sizes = sorted(pngs)
    header = struct.pack("<HHH", 0, 1, len(sizes))
    offset = len(header) + 16 * len(sizes)
    entries, images = b"", b""
    for size in sizes:
        png = pngs[size]
        dimension = 0 if size >= 256 else size  # 0 means 256 in an ICONDIRENTRY
        entries += struct.pack("<BBBBHHII", dimension, dimension, 0, 0, 1, 32, len(png), offset)
        images += png
        offset += len(png)
    return header + entries + images


def render_all(out: Path) -> dict[str, list[Path]]:
    from PySide6.QtGui import QGuiApplication

    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    written: dict[str, list[Path]] = {"png": [], "ico": []}
    for size in LINUX_SIZES:
        target = out / "hicolor" / f"{size}x{size}" / "apps" / "localitydesk.png"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(render_png(size))
        written["png"].append(target)
    ico = out / "localitydesk.ico"
    ico.write_bytes(ico_bytes({size: render_png(size) for size in ICO_SIZES}))
    written["ico"].append(ico)
    return written


if __name__ == "__main__":
    destination = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_OUT
    for kind, paths in render_all(destination).items():
        for path in paths:
            print(path)
