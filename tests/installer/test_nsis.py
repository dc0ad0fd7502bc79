"""The Windows installer script compiles with makensis, so it cannot rot on Linux."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from tests.installer.conftest import INSTALLER

SCRIPT = INSTALLER / "windows" / "localitydesk.nsi"
# The upgrade identity shipped with the first release. Changing it would make
# every later version install beside the old one instead of upgrading it.
FIRST_RELEASE_GUID = "{6F1C2B7E-3A5D-4E8B-9C41-0D2F7A6B5E93}"


@pytest.fixture(scope="module")
def makensis() -> str:
    found = shutil.which("makensis")
    if found is None:
        pytest.fail("makensis is missing: run `sh tools/ensure_system_packages.sh` as root (make test does)")
    return found


@pytest.fixture
def fake_bundle(tmp_path):
    bundle = tmp_path / "LocalityDesk"
    (bundle / "_internal" / "localitydesk" / "resources").mkdir(parents=True)
    for name in ("localitydesk.exe", "localitydesk-cli.exe"):
        (bundle / name).write_bytes(b"MZ" + bytes(62))
    (bundle / "_internal" / "base_library.zip").write_bytes(b"PK")
    return bundle


def _compile(makensis: str, bundle, out, *defines: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [makensis, "-V2", "-WX", "-DVERSION=0.1.0", f"-DBUNDLE_DIR={bundle}", f"-DOUTFILE={out}", *defines, str(SCRIPT)],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_script_compiles_without_warnings_into_a_windows_program(makensis, fake_bundle, tmp_path, rendered_icons):
    out = tmp_path / "LocalityDesk-0.1.0-installer.exe"

    result = _compile(makensis, fake_bundle, out, f"-DICON={rendered_icons['ico'][0]}")

    assert result.returncode == 0, result.stdout + result.stderr
    assert out.read_bytes()[:2] == b"MZ"


def test_the_script_refuses_to_build_without_a_version(makensis, fake_bundle, tmp_path):
    result = subprocess.run([makensis, "-V2", f"-DBUNDLE_DIR={fake_bundle}", str(SCRIPT)], capture_output=True, text=True)
    assert result.returncode != 0 and "/DVERSION" in result.stdout + result.stderr


def test_the_upgrade_identity_is_the_first_releases():
    text = SCRIPT.read_text(encoding="utf-8")
    assert f'!define APP_GUID "{FIRST_RELEASE_GUID}"' in text
    assert 'UNINSTALL_KEY "Software\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\${APP_GUID}"' in text


def test_welsh_is_offered_first_and_every_message_has_both_languages():
    text = SCRIPT.read_text(encoding="utf-8")
    languages = re.findall(r'!insertmacro MUI_LANGUAGE "(\w+)"', text)
    assert languages == ["Welsh", "English"]
    strings: dict[str, set[str]] = {}
    for name, language in re.findall(r"^LangString (\w+) \$\{LANG_(\w+)\}", text, flags=re.MULTILINE):
        strings.setdefault(name, set()).add(language)
    assert strings and all(found == {"WELSH", "ENGLISH"} for found in strings.values()), strings


def test_the_users_data_is_removed_only_when_asked():
    text = SCRIPT.read_text(encoding="utf-8")
    data_section = text[text.index('Section /o "un.$(UNSEC_DATA)"') :]
    assert data_section.index("RMDir /r \"$LOCALAPPDATA\\LocalityDesk\"") < data_section.index("SectionEnd")
    program_section = text[text.index('Section "un.$(UNSEC_PROGRAM)"') : text.index('Section /o "un.$(UNSEC_DATA)"')]
    assert "LOCALAPPDATA" not in program_section  # /o: unticked unless the user ticks it
