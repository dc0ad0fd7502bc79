"""Build the Debian package from the one-folder bundle.

    python installer/build_deb.py [--bundle dist/LocalityDesk] [--icons build/icons] [--out dist]

The package puts the bundle in /opt/localitydesk, launchers for both commands
in /usr/bin, the desktop entry in /usr/share/applications and the icon at
every hicolor size. The user's database lives in their home folder and is
never part of the package, so removing (even purging) it leaves their data.

zstd is the default compression: the 360 MB bundle packs in seconds rather
than the quarter of an hour xz takes on a two-core machine. It needs dpkg
1.21.18 or later (Debian 12, Ubuntu 21.10 and later); ``--compression xz``
builds a package older releases can install.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import bundle_config as cfg  # noqa: E402

PACKAGE = "localitydesk"
INSTALL_DIR = Path("opt/localitydesk")
MAINTAINER = "LocalityDesk developers <localitydesk@localhost>"

# Qt needs these to start at all; the X11 ones below to draw a window on an
# X session. Recommends are installed by apt by default, and leaving them out
# of Depends lets a headless machine (a CI runner, a kiosk on Wayland) install
# the package without them.
DEPENDS = (
    "libc6", "libfontconfig1", "libfreetype6", "libglib2.0-0", "libgl1", "libegl1",
    "libxkbcommon0", "libdbus-1-3",
)
RECOMMENDS = (
    "libxkbcommon-x11-0", "libxcb-cursor0", "libxcb-icccm4", "libxcb-image0", "libxcb-keysyms1",
    "libxcb-randr0", "libxcb-render-util0", "libxcb-shape0", "libxcb-xkb1", "libx11-xcb1",
)


def architecture() -> str:
    return subprocess.run(["dpkg", "--print-architecture"], check=True, capture_output=True, text=True).stdout.strip()


def control_text(version: str, installed_kib: int, arch: str) -> str:
    return "\n".join(
        [
            f"Package: {PACKAGE}",
            f"Version: {version}",
            f"Architecture: {arch}",
            f"Maintainer: {MAINTAINER}",
            f"Installed-Size: {installed_kib}",
            "Depends: " + ", ".join(DEPENDS),
            "Recommends: " + ", ".join(RECOMMENDS),
            "Section: misc",
            "Priority: optional",
            "Homepage: https://localhost/localitydesk",
            "Description: rotas, cover bookings and timesheets for locality care teams",
            " LocalityDesk helps health and social care locality teams in North Wales",
            " keep their core team's rota legal and filled, book bank staff to cover",
            " gaps (Welsh speakers first where the Active Offer asks for it), and",
            " record, sign and recharge the hours worked. Cymraeg and English.",
            "",
        ]
    )


def _folder_kib(folder: Path) -> int:
    total = sum(path.stat().st_size for path in folder.rglob("*") if path.is_file() and not path.is_symlink())
    return (total + 1023) // 1024


def stage(bundle: Path, icons: Path, root: Path, version: str, arch: str) -> Path:
    """Lay the package's files out under ``root`` (DEBIAN/ included)."""
    if root.exists():
        shutil.rmtree(root)
    shutil.copytree(bundle, root / INSTALL_DIR, symlinks=True)
    for name in (cfg.GUI_NAME, cfg.CLI_NAME):
        if not (root / INSTALL_DIR / name).is_file():
            raise SystemExit(f"{bundle} has no {name}: build the bundle first (make bundle)")
        launcher = root / "usr/bin" / name
        launcher.parent.mkdir(parents=True, exist_ok=True)
        launcher.write_text((HERE / "linux" / "launcher.sh").read_text().replace("@NAME@", name))
        launcher.chmod(0o755)
    applications = root / "usr/share/applications"
    applications.mkdir(parents=True)
    shutil.copy(HERE / "linux" / "localitydesk.desktop", applications / "localitydesk.desktop")
    hicolor = root / "usr/share/icons/hicolor"
    for png in sorted((icons / "hicolor").glob("*/apps/localitydesk.png")):
        target = hicolor / png.relative_to(icons / "hicolor")
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(png, target)
    scalable = hicolor / "scalable/apps"
    scalable.mkdir(parents=True)
    shutil.copy(cfg.RESOURCES / "icons" / "localitydesk.svg", scalable / "localitydesk.svg")
    doc = root / "usr/share/doc" / PACKAGE
    doc.mkdir(parents=True)
    (doc / "copyright").write_text(
        "LocalityDesk is free software under the GNU General Public License, version 3 or later.\n"
        "It bundles Qt (LGPLv3), Python (PSF) and the DejaVu fonts (see resources/fonts).\n"
    )
    for path in root.rglob("*"):
        # dpkg keeps modes as they are: everyone may read, only root may write.
        mode = path.stat().st_mode
        path.chmod((mode | 0o644 | (0o111 if mode & 0o100 or path.is_dir() else 0)) & 0o755)
    debian = root / "DEBIAN"
    debian.mkdir()
    (debian / "control").write_text(control_text(version, _folder_kib(root), arch))
    for script in ("postinst", "postrm"):
        shutil.copy(HERE / "linux" / script, debian / script)
        (debian / script).chmod(0o755)
    return root


def build(
    bundle: Path, icons: Path, out: Path, version: str | None = None, compression: str = "zstd", work: Path | None = None
) -> Path:
    version = version or cfg.version()
    arch = architecture()
    root = stage(bundle, icons, (work or cfg.BUILD / "deb") / "root", version, arch)
    out.mkdir(parents=True, exist_ok=True)
    package = out / f"{PACKAGE}_{version}_{arch}.deb"
    subprocess.run(
        ["dpkg-deb", "--root-owner-group", f"-Z{compression}", "--build", str(root), str(package)],
        check=True,
        env=dict(os.environ, SOURCE_DATE_EPOCH=os.environ.get("SOURCE_DATE_EPOCH", "1767225600")),
    )
    return package


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bundle", type=Path, default=cfg.ROOT / "dist" / cfg.BUNDLE_NAME)
    parser.add_argument("--icons", type=Path, default=cfg.ICON_DIR)
    parser.add_argument("--out", type=Path, default=cfg.ROOT / "dist")
    parser.add_argument("--compression", default="zstd", choices=("xz", "gzip", "zstd", "none"))
    args = parser.parse_args()
    print(build(args.bundle, args.icons, args.out, compression=args.compression))
    return 0


if __name__ == "__main__":
    sys.exit(main())
