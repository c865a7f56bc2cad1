"""Fetching a subscribed calendar over HTTP: a GET that cannot be turned against the site itself.

Pure Python (no Django), so the rules read in one place:

- only `http` and `https` URLs, and every redirect (at most `MOST_REDIRECTS`) is checked again: a redirect to
  `file:`, `ftp:` or anything else is refused;
- the host is resolved once and every address it has must be public (not private, loopback, link-local,
  reserved...) unless `allow_private`; the connection then goes to that very address, so a name that resolves
  to a public address when checked cannot reach a private one when connecting;
- the connect timeout bounds the connection, the read timeout every wait for data and the whole answer;
- at most `max_bytes` are read: a larger answer is refused, never read further;
- conditional GET: the ETag and Last-Modified of the last answer go back as If-None-Match and
  If-Modified-Since, and a 304 means "unchanged".

Every failure raises `CalendarFetchError` with a sentence station operations can act on.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from core.errors import DomainError

SCHEMES = {"http": 80, "https": 443}
MOST_REDIRECTS = 3
REDIRECTS = {301, 302, 303, 307, 308}
CHUNK_BYTES = 64 * 1024
USER_AGENT = "orbitfilm-calendar-subscription/1"


class CalendarFetchError(DomainError):
    """The calendar could not be fetched: refused, unreachable, too slow, too large or answered with an error."""


@dataclass(frozen=True)
class FetchLimits:
    connect_seconds: float
    read_seconds: float
    max_bytes: int
    allow_private: bool = False


@dataclass(frozen=True)
class Fetched:
    """A calendar's answer: its body, or None when the server says it has not changed (304), and the
    validators to send next time."""

    body: bytes | None
    etag: str
    last_modified: str


@dataclass(frozen=True)
class _Target:
    scheme: str
    host: str
    port: int
    path: str
    address: str  # the checked address the connection goes to


def calendar_fetch(url: str, *, limits: FetchLimits, etag: str = "", last_modified: str = "") -> Fetched:
    """GET the calendar at `url` within `limits`, conditionally on the validators of the last answer."""
    headers = {"User-Agent": USER_AGENT, "Accept": "text/calendar, text/plain;q=0.5, */*;q=0.1", "Accept-Encoding": "identity"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    deadline = time.monotonic() + limits.connect_seconds + limits.read_seconds
    for _ in range(MOST_REDIRECTS + 1):
        target = _target(url, limits)
        connection = _connection(target, limits)
        try:
            response = _request(connection, target, headers, url)
            if response.status in REDIRECTS:
                location = response.getheader("Location")
                if not location:
                    raise CalendarFetchError(f"{url} answered HTTP {response.status} without saying where to go")
                url = urljoin(url, location)
                continue
            if response.status == http.client.NOT_MODIFIED:
                return Fetched(body=None, etag=response.getheader("ETag") or etag,
                               last_modified=response.getheader("Last-Modified") or last_modified)
            if response.status != http.client.OK:
                raise CalendarFetchError(f"{url} answered HTTP {response.status} {response.reason}".rstrip())
            body = _body(response, url, limits, deadline)
            return Fetched(body=body, etag=response.getheader("ETag") or "", last_modified=response.getheader("Last-Modified") or "")
        finally:
            connection.close()
    raise CalendarFetchError(f"more than {MOST_REDIRECTS} redirects, the last to {url}")


def _target(url: str, limits: FetchLimits) -> _Target:
    """Where to connect for `url`, after checking its scheme and every address its host has."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as error:
        raise CalendarFetchError(f"{url} is not a valid URL ({error})") from None
    scheme = parts.scheme.lower()
    if scheme not in SCHEMES:
        raise CalendarFetchError(f"{url}: only http and https URLs are fetched, not {scheme or 'a URL without a scheme'}")
    if not parts.hostname:
        raise CalendarFetchError(f"{url} names no host")
    port = port or SCHEMES[scheme]
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return _Target(scheme, parts.hostname, port, path, _address(parts.hostname, port, limits))


def _address(host: str, port: int, limits: FetchLimits) -> str:
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise CalendarFetchError(f"cannot find the host {host} ({error})") from None
    addresses = list(dict.fromkeys(info[4][0] for info in found))
    if not limits.allow_private:
        inner = [address for address in addresses if not ipaddress.ip_address(address.split("%")[0]).is_global]
        if inner:
            raise CalendarFetchError(
                f"{host} resolves to {', '.join(inner)}, a private, loopback or reserved address: calendars are "
                "fetched only from public addresses (ORBITFILM_CALENDAR_FETCH_ALLOW_PRIVATE allows others)"
            )
    return addresses[0]


class _PinnedHTTP(http.client.HTTPConnection):
    """Connects to the checked address, whatever the host name resolves to now."""

    def __init__(self, target: _Target, limits: FetchLimits):
        super().__init__(target.host, target.port, timeout=limits.connect_seconds)
        self.address, self.read_seconds = target.address, limits.read_seconds

    def connect(self) -> None:
        self.sock = socket.create_connection((self.address, self.port), self.timeout)
        self.sock.settimeout(self.read_seconds)


class _PinnedHTTPS(http.client.HTTPSConnection):
    """As `_PinnedHTTP`, with TLS checked against the host name."""

    def __init__(self, target: _Target, limits: FetchLimits):
        super().__init__(target.host, target.port, timeout=limits.connect_seconds)
        self.address, self.read_seconds = target.address, limits.read_seconds

    def connect(self) -> None:
        sock = socket.create_connection((self.address, self.port), self.timeout)
        sock.settimeout(self.read_seconds)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def _connection(target: _Target, limits: FetchLimits) -> http.client.HTTPConnection:
    return (_PinnedHTTPS if target.scheme == "https" else _PinnedHTTP)(target, limits)


def _request(connection, target: _Target, headers: dict, url: str) -> http.client.HTTPResponse:
    try:
        connection.request("GET", target.path, headers=headers)
        return connection.getresponse()
    except TimeoutError:
        raise CalendarFetchError(f"{url} did not answer in time") from None
    except (OSError, http.client.HTTPException) as error:
        raise CalendarFetchError(f"cannot fetch {url} ({str(error) or type(error).__name__})") from None


def _body(response: http.client.HTTPResponse, url: str, limits: FetchLimits, deadline: float) -> bytes:
    """The answer's body, refused once it passes `max_bytes` or the deadline."""
    too_large = f"{url} sent more than the {limits.max_bytes} bytes a timeline may have"
    declared = response.getheader("Content-Length")
    if declared and declared.isdigit() and int(declared) > limits.max_bytes:
        raise CalendarFetchError(too_large)
    chunks, size = [], 0
    try:
        while chunk := response.read(min(CHUNK_BYTES, limits.max_bytes + 1 - size)):
            chunks.append(chunk)
            size += len(chunk)
            if size > limits.max_bytes:
                raise CalendarFetchError(too_large)
            if time.monotonic() > deadline:
                raise TimeoutError
    except TimeoutError:
        raise CalendarFetchError(f"{url} did not send the whole calendar in time") from None
    except (OSError, http.client.HTTPException) as error:
        raise CalendarFetchError(f"cannot read {url} ({str(error) or type(error).__name__})") from None
    return b"".join(chunks)
