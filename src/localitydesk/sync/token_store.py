"""Where a locality's sync token is kept: the operating system's keyring, never the database.

The database travels (backups, a copy on a memory stick, a support request);
a token in it would travel too. The keyring (Windows Credential Manager,
macOS Keychain, the Secret Service on Linux) is used when the ``keyring``
package finds a real backend. Where none exists (a headless server, a
minimal desktop) the token goes in a file only its owner can read (0600) in
a folder only its owner can open (0700), in the user-data folder.
"""

from __future__ import annotations

import hashlib
import os
import stat
import sys
from pathlib import Path

SERVICE = "LocalityDesk regional sync"
# "file" forces the file store (tests, CI, a deliberately keyring-free install).
BACKEND_VARIABLE = "LOCALITYDESK_TOKEN_STORE"


class TokenStoreError(Exception):
    pass


def account_name(server_url: str, locality_id: object) -> str:
    """A token belongs to one locality on one server."""
    return f"{locality_id}@{server_url.rstrip('/')}"


def _usable_keyring():
    if os.environ.get(BACKEND_VARIABLE, "").lower() == "file":
        return None
    try:
        import keyring
        from keyring.backends import fail
    except ImportError:
        return None
    try:
        backend = keyring.get_keyring()
    except Exception:  # a broken keyring configuration is no keyring
        return None
    if isinstance(backend, fail.Keyring) or getattr(backend, "priority", 0) < 1:
        return None
    # keyrings.alt's plaintext file is no better than ours, and readable by more.
    if type(backend).__module__.startswith("keyrings.alt"):
        return None
    return backend


def _private(path: Path) -> bool:
    if sys.platform == "win32":
        return True  # the user-data folder is the user's; POSIX modes mean little there
    mode = path.stat().st_mode
    return not mode & (stat.S_IRWXG | stat.S_IRWXO)


class TokenStore:
    """Put, get and forget a token under an account name."""

    def __init__(self, folder: Path | None = None, *, keyring_backend: object | None = "auto"):
        if folder is None:
            from localitydesk.paths import user_data_dir

            folder = user_data_dir() / "sync-tokens"
        self.folder = folder
        self._keyring = _usable_keyring() if keyring_backend == "auto" else keyring_backend

    @property
    def where(self) -> str:
        """'keyring' or 'file': said to the user so they know where their token is."""
        return "keyring" if self._keyring is not None else "file"

    # -- the file fallback -------------------------------------------------------
    def _path(self, account: str) -> Path:
        return self.folder / (hashlib.sha256(account.encode("utf-8")).hexdigest()[:40] + ".token")

    def _ensure_folder(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        if sys.platform != "win32":
            os.chmod(self.folder, 0o700)

    def _write_file(self, account: str, token: str) -> None:
        self._ensure_folder()
        target = self._path(account)
        partial = target.with_name(target.name + ".part")
        try:
            partial.unlink()
        except FileNotFoundError:
            pass
        # Created 0600 from the start: there is never a moment it is readable by others.
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(token)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(partial, target)

    def _read_file(self, account: str) -> str | None:
        path = self._path(account)
        if not path.exists():
            return None
        if not _private(path):
            raise TokenStoreError(f"{path} can be read by other users; set a new token to replace it")
        return path.read_text(encoding="utf-8").strip() or None

    # -- the public face --------------------------------------------------------
    def set(self, account: str, token: str) -> str:
        token = token.strip()
        if not token:
            raise TokenStoreError("an empty token")
        if self._keyring is not None:
            try:
                self._keyring.set_password(SERVICE, account, token)
                self._forget_file(account)
                return "keyring"
            except Exception:  # a locked or refusing keyring: keep the token safe in the file
                self._keyring = None
        self._write_file(account, token)
        return "file"

    def get(self, account: str) -> str | None:
        if self._keyring is not None:
            try:
                found = self._keyring.get_password(SERVICE, account)
            except Exception:
                found = None
            if found:
                return found
        return self._read_file(account)

    def delete(self, account: str) -> None:
        if self._keyring is not None:
            try:
                self._keyring.delete_password(SERVICE, account)
            except Exception:
                pass  # not there is as good as deleted
        self._forget_file(account)

    def _forget_file(self, account: str) -> None:
        try:
            self._path(account).unlink()
        except FileNotFoundError:
            pass


def read_token_file(path: Path) -> tuple[str, bool]:
    """A token from a file the user named; also whether others could read it."""
    token = path.read_text(encoding="utf-8").strip()
    return token, _private(path)
