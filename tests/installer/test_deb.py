"""The Debian package's layout, control fields, launchers and desktop entry,
built from a stand-in bundle in a second (the real bundle: bundle_smoke.py)."""

from __future__ import annotations

import configparser
import io
import shutil
import stat
import subprocess
import tarfile

import pytest

from tests.installer.conftest import INSTALLER


@pytest.fixture(scope="module")
def package(installer_module, rendered_icons, tmp_path_factory):
    work = tmp_path_factory.mktemp("deb")
    bundle = work / "LocalityDesk"
    (bundle / "_internal").mkdir(parents=True)
    for name in ("localitydesk", "localitydesk-cli"):
        (bundle / name).write_text("#!/bin/sh\necho stand-in\n")
        (bundle / name).chmod(0o755)
    (bundle / "_internal" / "libpython3.11.so.1.0").write_bytes(b"\x7fELF")
    icons = rendered_icons["ico"][0].parent
    build_deb = installer_module("build_deb")
    return build_deb.build(bundle, icons, work / "out", version="0.1.0", compression="gzip", work=work)


def _field(package, name: str) -> str:
    return subprocess.run(["dpkg-deb", "-f", str(package), name], check=True, capture_output=True, text=True).stdout.strip()


def _members(package) -> dict[str, tarfile.TarInfo]:
    data = subprocess.run(["dpkg-deb", "--fsys-tarfile", str(package)], check=True, capture_output=True).stdout
    with tarfile.open(fileobj=io.BytesIO(data)) as archive:
        return {member.name.lstrip("./"): member for member in archive.getmembers()}


def _read(package, name: str) -> str:
    data = subprocess.run(["dpkg-deb", "--fsys-tarfile", str(package)], check=True, capture_output=True).stdout
    with tarfile.open(fileobj=io.BytesIO(data)) as archive:
        return archive.extractfile("./" + name).read().decode("utf-8")


def test_control_fields_name_the_package_and_what_qt_needs(package):
    assert package.name.startswith("localitydesk_0.1.0_")
    assert _field(package, "Package") == "localitydesk"
    assert _field(package, "Version") == "0.1.0"
    depends = _field(package, "Depends")
    assert "libfontconfig1" in depends and "libxkbcommon0" in depends
    assert "libxcb-cursor0" in _field(package, "Recommends")
    assert int(_field(package, "Installed-Size")) > 0


def test_the_bundle_goes_in_opt_with_launchers_and_icons_at_every_size(package, installer_module):
    members = _members(package)
    assert "opt/localitydesk/localitydesk" in members and "opt/localitydesk/_internal/libpython3.11.so.1.0" in members
    for name in ("localitydesk", "localitydesk-cli"):
        launcher = members[f"usr/bin/{name}"]
        assert stat.S_IMODE(launcher.mode) == 0o755 and (launcher.uname, launcher.gname) == ("root", "root")
        assert _read(package, f"usr/bin/{name}").splitlines()[-1] == f'exec /opt/localitydesk/{name} "$@"'
    sizes = installer_module("render_icons").LINUX_SIZES
    for size in sizes:
        assert f"usr/share/icons/hicolor/{size}x{size}/apps/localitydesk.png" in members
    assert "usr/share/icons/hicolor/scalable/apps/localitydesk.svg" in members
    assert not any(stat.S_IMODE(m.mode) & 0o022 for m in members.values())  # nothing writable by others


def test_the_desktop_entry_starts_the_launcher_with_the_icon_in_both_languages(package):
    entry = configparser.ConfigParser(interpolation=None, strict=True)
    entry.optionxform = str
    entry.read_string(_read(package, "usr/share/applications/localitydesk.desktop"))
    main = entry["Desktop Entry"]
    assert main["Type"] == "Application" and main["Exec"] == "localitydesk" and main["Icon"] == "localitydesk"
    assert main["Terminal"] == "false"
    assert main["Comment[cy]"] and main["GenericName[cy]"] and main["Keywords[cy]"]
    assert entry["Desktop Action demo"]["Exec"] == "localitydesk --demo"
    assert entry["Desktop Action demo"]["Name[cy]"] == "Agor y data enghreifftiol"


def test_the_desktop_entry_passes_desktop_file_validate():
    validate = shutil.which("desktop-file-validate")
    if validate is None:
        pytest.fail("desktop-file-validate is missing: run `sh tools/ensure_system_packages.sh` as root (make test does)")
    result = subprocess.run([validate, str(INSTALLER / "linux" / "localitydesk.desktop")], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == ""  # no hints either
