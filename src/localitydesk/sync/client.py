"""Talking to the regional server over HTTPS: one push, one health probe.

Every answer is sorted into what the pusher should do next: record the
results, try again later (network errors, 5xx, 429), stop until the user acts
(a refused token, a refused batch, a certificate that does not verify), or
give the batch a new key (409). Nothing here touches the database.
"""

from __future__ import annotations

import ipaddress
import ssl
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

import httpx

from .protocol import HEALTH_PATH, IDEMPOTENCY_HEADER, PUSH_PATH, PushResult

# A Retry-After longer than this is read as this: a server asking for a day's
# silence is more likely misconfigured than meaning it.
MAX_RETRY_AFTER = 3600.0
DEFAULT_TIMEOUT = httpx.Timeout(connect=10.0, read=60.0, write=60.0, pool=10.0)
USER_AGENT = "LocalityDesk-sync/1"


class SyncError(Exception):
    """Something about pushing went wrong; ``code`` says what, for the user's words."""

    code = "error"

    def __init__(self, message: str = ""):
        super().__init__(message or self.code)
        self.message = message


class AddressRefused(SyncError):
    """An address we will not send a token to (plain HTTP to another machine, not a URL)."""

    code = "address"


class Retryable(SyncError):
    """Worth trying again later: the network, a busy or failing server."""

    code = "retryable"

    def __init__(self, message: str = "", retry_after: float | None = None, status: int | None = None):
        super().__init__(message)
        self.retry_after = retry_after
        self.status = status


class TokenRefused(SyncError):
    """401: the token is wrong or revoked; nothing more is sent until a new one is given."""

    code = "token_refused"


class LocalityRefused(SyncError):
    """403: the batch names a locality the token does not hold."""

    code = "locality_refused"


class CertificateRefused(SyncError):
    """The server's certificate did not verify; retrying cannot help."""

    code = "certificate"


class KeyReused(SyncError):
    """409: the server holds a different batch under this idempotency key."""

    code = "key_reused"


class TooLarge(SyncError):
    """413: the batch is over the server's size cap."""

    code = "too_large"


class BatchRefused(SyncError):
    """400/404/415/422 and the like: the server will refuse this batch however often it is sent."""

    code = "refused"

    def __init__(self, message: str = "", status: int | None = None, reason: str | None = None):
        super().__init__(message)
        self.status = status
        self.reason = reason


def is_loopback(host: str) -> bool:
    if host.lower() in ("localhost", "localhost."):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def normalise_server_url(url: str) -> str:
    """The server's base address, checked: HTTPS, or plain HTTP to this machine only.

    A bearer token sent over plain HTTP can be read by anyone on the way, so
    that is allowed only where there is no way: loopback.
    """
    text = url.strip().rstrip("/")
    parts = urlsplit(text)
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise AddressRefused(f"not a server address: {url!r}")
    if parts.scheme == "http" and not is_loopback(parts.hostname):
        raise AddressRefused(f"plain http is allowed only to this computer (loopback), not {parts.hostname}")
    if parts.query or parts.fragment or parts.username or parts.password:
        raise AddressRefused("a server address carries no query, fragment or password")
    return text


def retry_after_seconds(response: httpx.Response, now: Callable[[], datetime] | None = None) -> float | None:
    """Retry-After as seconds to wait, in either of its forms.

    An HTTP date is measured against the server's own Date header when it
    sends one, so a desktop clock a day out does not turn it into no wait
    or a day's wait.
    """
    value = response.headers.get("Retry-After")
    if value is None:
        return None
    value = value.strip()
    if value.isdigit():
        return min(float(value), MAX_RETRY_AFTER)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    reference = None
    if response.headers.get("Date"):
        try:
            reference = parsedate_to_datetime(response.headers["Date"])
        except (TypeError, ValueError):
            reference = None
    if reference is None:
        reference = (now or (lambda: datetime.now(timezone.utc)))()
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    if reference.tzinfo is None:
        reference = reference.replace(tzinfo=timezone.utc)
    return min(max((when - reference).total_seconds(), 0.0), MAX_RETRY_AFTER)


def _certificate_problem(error: BaseException) -> bool:
    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, ssl.SSLCertVerificationError) or "CERTIFICATE_VERIFY_FAILED" in str(seen):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


@dataclass(frozen=True, slots=True)
class ClientSettings:
    server_url: str
    token: str
    ca_file: str | None = None
    timeout: httpx.Timeout = field(default_factory=lambda: DEFAULT_TIMEOUT)


class SyncClient:
    """One HTTPS connection pool to the regional server; verification always on."""

    def __init__(self, settings: ClientSettings, *, transport: httpx.BaseTransport | None = None):
        self.base_url = normalise_server_url(settings.server_url)
        if not settings.token:
            raise TokenRefused("no token has been given for this server")
        verify: ssl.SSLContext | bool = True
        if settings.ca_file:
            # The private authority is trusted in addition to nothing else: a
            # regional server with its own CA should not be impersonated by
            # any public one either.
            verify = ssl.create_default_context(cafile=settings.ca_file)
        self._token = settings.token
        self._http = httpx.Client(
            base_url=self.base_url,
            verify=verify,
            timeout=settings.timeout,
            transport=transport,
            headers={"User-Agent": USER_AGENT},
            follow_redirects=False,
        )

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> SyncClient:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _send(self, method: str, path: str, **kwargs) -> httpx.Response:
        try:
            return self._http.request(method, path, **kwargs)
        except httpx.TransportError as error:
            if _certificate_problem(error):
                raise CertificateRefused(str(error)) from error
            raise Retryable(f"{type(error).__name__}: {error}") from error

    def healthy(self) -> bool:
        """Whether the server answers its health probe now (no token needed)."""
        try:
            response = self._send("GET", HEALTH_PATH)
        except Retryable:
            return False
        return response.status_code == 200

    def push(self, body: bytes, key: str, expected_change_ids: list[str] | tuple[str, ...]) -> PushResult:
        response = self._send(
            "POST",
            PUSH_PATH,
            content=body,
            headers={
                "Authorization": f"Bearer {self._token}",
                IDEMPOTENCY_HEADER: key,
                "Content-Type": "application/json",
            },
        )
        status = response.status_code
        if status == 200:
            return _answer(response, expected_change_ids)
        detail = _error_detail(response)
        message = detail.get("message") or f"HTTP {status}"
        if status == 429 or status >= 500:
            raise Retryable(message, retry_after_seconds(response), status)
        if status == 401:
            raise TokenRefused(message)
        if status == 403:
            raise LocalityRefused(message)
        if status == 409:
            raise KeyReused(message)
        if status == 413:
            raise TooLarge(message)
        if status == 408:
            raise Retryable(message, retry_after_seconds(response), status)
        raise BatchRefused(message, status, detail.get("reason"))


def _error_detail(response: httpx.Response) -> dict:
    try:
        document = response.json()
    except ValueError:
        return {}
    return document if isinstance(document, dict) else {}


def _answer(response: httpx.Response, expected: list[str] | tuple[str, ...]) -> PushResult:
    try:
        result = PushResult.from_wire(response.json())
    except (ValueError, KeyError, TypeError) as error:
        # A proxy's page or a half-written answer: the batch may or may not
        # have been taken; the same key asks again safely.
        raise Retryable(f"the server's answer could not be read: {error}") from error
    if [item.change_id for item in result.results] != [str(change_id) for change_id in expected]:
        raise BatchRefused("the server's answer does not match the batch sent", 200, "mismatch")
    return result
