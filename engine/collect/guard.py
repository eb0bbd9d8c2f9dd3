"""Where a probe may go: checked before anything connects.

* plain ``http://`` only to loopback, unless ``--allow-insecure-http`` (the key would cross
  the network in clear text);
* never to a cloud metadata service (169.254.169.254, fd00:ec2::254, 100.100.100.200,
  ``metadata.google.internal``, ...), nor to unspecified, multicast or reserved addresses;
* link-local and private ranges (10/8, 172.16/12, 192.168/16, 100.64/10, fc00::/7, ...)
  only with ``--allow-private``;
* IPv4 addresses hidden in IPv6 (``::ffff:a.b.c.d``, 6to4, NAT64) are judged as IPv4;
* the host name is resolved once (bounded by the deadline), every address is checked, and
  the connection goes to the checked address (:class:`PinnedTransport`): a DNS answer that
  changes between the check and the connection (rebinding) cannot redirect the probe.
"""

from __future__ import annotations

import ipaddress
import socket
import threading
from dataclasses import dataclass
from typing import Any

import httpcore
import httpx
from triage.errors import CollectError

__all__ = ["METADATA_HOSTS", "Pin", "PinnedTransport", "check_address", "check_target",
           "static_check"]

METADATA_HOSTS = frozenset({
    "metadata.google.internal", "metadata.goog", "metadata", "instance-data",
    "instance-data.ec2.internal", "metadata.azure.internal", "metadata.tencentyun.com",
    "metadata.platformequinix.com",
})
_METADATA_IPS = frozenset(ipaddress.ip_address(a) for a in (
    "169.254.169.254", "169.254.170.2", "169.254.169.253", "169.254.169.123",
    "100.100.100.200", "192.0.0.192", "fd00:ec2::254", "fd00:ec2::23", "fd00:ec2::123",
))
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_V4_COMPAT = ipaddress.ip_network("::/96")

Address = ipaddress.IPv4Address | ipaddress.IPv6Address


@dataclass(frozen=True)
class Pin:
    """The host a probe talks to and the one checked address it connects to."""

    host: str
    address: str
    loopback: bool


def _embedded_v4(ip: Address) -> Address:
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return ip.ipv4_mapped
        if ip.sixtofour is not None:
            return ip.sixtofour
        if ip in _NAT64 or (ip in _V4_COMPAT and int(ip) > 1):
            return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return ip


def check_address(ip: Address, *, allow_private: bool) -> str | None:
    """Why the probe may not connect to ``ip`` (None when it may)."""
    ip = _embedded_v4(ip)
    if ip in _METADATA_IPS:
        return f"{ip} is a cloud metadata address; a gateway never lives there"
    if ip.is_unspecified or ip.is_multicast or ip.is_reserved or (
            isinstance(ip, ipaddress.IPv4Address) and ip == ipaddress.IPv4Address(
                "255.255.255.255")):
        return f"{ip} is not an address a gateway can have"
    if ip.is_loopback:
        return None
    if ip.is_link_local and not allow_private:
        return f"{ip} is link-local; pass --allow-private if you really mean it"
    if not ip.is_global and not allow_private:
        return f"{ip} is a private address; pass --allow-private to probe it"
    return None


def _host(url: httpx.URL) -> str:
    return url.raw_host.decode("ascii", "replace").lower().rstrip(".")


def _literal(host: str) -> Address | None:
    try:
        return ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        return None


def static_check(base_url: str, *, allow_private: bool, allow_insecure_http: bool) -> None:
    """What can be told without DNS: metadata host names and address literals."""
    url = httpx.URL(base_url)
    host = _host(url)
    if host in METADATA_HOSTS or host.endswith(".metadata.google.internal"):
        raise CollectError(f"refusing to probe {host}: it is a cloud metadata service")
    ip = _literal(host)
    if ip is not None:
        why = check_address(ip, allow_private=allow_private)
        if why:
            raise CollectError(f"refusing to probe {host}: {why}")
    loopback = host == "localhost" or (ip is not None and _embedded_v4(ip).is_loopback)
    if url.scheme == "http" and not loopback and not allow_insecure_http and ip is not None:
        raise CollectError(_insecure(host))


def _insecure(host: str) -> str:
    return (f"refusing to send the key over plain http:// to {host}: use https://, or pass "
            "--allow-insecure-http if the network between you is trusted")


def _resolve(host: str, port: int, timeout: float) -> list[str]:
    result: list[Any] = []
    failure: list[BaseException] = []

    def run() -> None:
        try:
            result.extend(socket.getaddrinfo(host, port, type=socket.SOCK_STREAM))
        except (OSError, UnicodeError) as exc:
            failure.append(exc)

    worker = threading.Thread(target=run, name="triage-collect-dns", daemon=True)
    worker.start()
    worker.join(max(0.05, timeout))
    if worker.is_alive():
        raise CollectError(f"resolving {host} took longer than {timeout:.0f} s (the deadline)")
    if failure:
        raise CollectError(f"cannot resolve {host}: {failure[0]}")
    return list(dict.fromkeys(str(info[4][0]) for info in result))


def check_target(base_url: str, *, allow_private: bool, allow_insecure_http: bool,
                 timeout: float) -> Pin:
    """Resolve the host of ``base_url`` once and check every address; the pin to use."""
    static_check(base_url, allow_private=allow_private, allow_insecure_http=allow_insecure_http)
    url = httpx.URL(base_url)
    host = _host(url)
    port = url.port or (443 if url.scheme == "https" else 80)
    literal = _literal(host)
    addresses = [str(literal)] if literal is not None else _resolve(host, port, timeout)
    if not addresses:
        raise CollectError(f"cannot resolve {host}: no address")
    for address in addresses:
        ip = _literal(address)
        if ip is None:
            raise CollectError(f"refusing to probe {host}: odd address {address!r}")
        why = check_address(ip, allow_private=allow_private)
        if why:
            raise CollectError(f"refusing to probe {host}: it resolves to {why}")
    loopback = all(_embedded_v4(_literal(a) or ipaddress.ip_address("0.0.0.0")).is_loopback
                   for a in addresses)
    if url.scheme == "http" and not loopback and not allow_insecure_http:
        raise CollectError(_insecure(host))
    return Pin(host, addresses[0].split("%", 1)[0], loopback)


class _PinnedBackend(httpcore.NetworkBackend):
    """Connects only to the checked address of the checked host."""

    def __init__(self, pin: Pin) -> None:
        self._pin = pin
        self._inner = httpcore.SyncBackend()

    def connect_tcp(self, host: str, port: int, timeout: float | None = None,
                    local_address: str | None = None,
                    socket_options: Any = None) -> httpcore.NetworkStream:
        if host.lower().rstrip(".") != self._pin.host:
            raise httpcore.ConnectError(f"refused: {host} is not the checked host")
        return self._inner.connect_tcp(self._pin.address, port, timeout, local_address,
                                       socket_options)

    def connect_unix_socket(self, path: str, timeout: float | None = None,
                            socket_options: Any = None) -> httpcore.NetworkStream:
        raise httpcore.ConnectError("refused: no unix sockets")

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


class PinnedTransport(httpx.HTTPTransport):
    """httpx's own transport, with a connection pool that dials the pinned address."""

    def __init__(self, pin: Pin) -> None:
        super().__init__(trust_env=False)
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(trust_env=False),
            max_keepalive_connections=0,
            network_backend=_PinnedBackend(pin),
        )
