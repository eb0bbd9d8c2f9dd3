"""The kind of a client-side failure (no HTTP answer), told from its exception text."""

from __future__ import annotations

import functools
import re

__all__ = ["error_kind"]

# Checked in this order: the first kind whose pattern matches wins. Each pattern is a plain
# alternation of literals (linear time).
_SOURCES: tuple[tuple[str, str], ...] = (
    # undici's own timeouts, named in the cause of a bare "fetch failed" (which reads as a
    # connection failure below)
    ("timeout", r"(?i)und_err_headers_timeout|headerstimeouterror|und_err_body_timeout|"
                r"bodytimeouterror|headers timeout error"),
    ("proxy", (
        r"(?i)proxyerror|proxyconnect|proxy error|unable to connect to proxy|tunnel connection "
        r"failed|proxy authentication required|socks|代理|"
        # an HTTP proxy that answered itself instead of passing the call on (squid's error page)
        r"x-squid-error|\bvia\W+1\.1 [^\n]{0,40}\(squid")),
    ("dns", (
        r"(?i)enotfound|eai_again|getaddrinfo|name or service not known|nodename nor servname|"
        r"temporary failure in name resolution|no address associated|nameresolutionerror|"
        r"name resolution|could not resolve host|errno -[23]\]|no such host|"
        r"unresolvedaddressexception|unknownhostexception|failed host lookup|"
        r"could not contact dns servers|could not resolve: |域名解析|"
        # curl's exit codes as wrappers print them (gptel: "Curl failed with exit code 6")
        r"curl failed with exit code 6\b")),
    ("tls", (
        r"(?i)sslerror|ssl:|ssleoferror|certificate_verify_failed|certificate verify failed|"
        r"tls handshake|wrong version number|unable to verify the first certificate|"
        r"local issuer certificate|unable to get issuer certificate|"
        r"self[- ]signed certificate|err_ssl|ssl_error|eof occurred in violation of protocol|"
        r"gnutls|unable to establish ssl|unexpected tls packet|ssl routines|ssl_connect|"
        r"ssl handshake|packet length too long|tls alert|unrecognized ssl message|sslexception|"
        r"sslhandshakeexception|first record does not look like a tls handshake|"
        r"curl failed with exit code (?:35|60)\b|"
        r"证书")),
    ("connect", (
        r"(?i)econnrefused|connection refused|econnreset|connection reset|connect etimedout|"
        r"connecttimeout|connect timeout|failed to establish a new connection|winerror 1006[01]|"
        r"ehostunreach|enetunreach|network is unreachable|no route to host|connection aborted|"
        r"remotedisconnected|server disconnected|socket hang up|fetch failed|apiconnectionerror|"
        r"couldn.t connect to server|failed to connect to|can't connect to|could not connect to|"
        r"network request failed|connectionrefusederror|拒绝网络连接|"
        r"connecterror|connectexception|closedchannelexception|connection error|errno 110\]|"
        r"连接被拒绝|无法连接|连接尝试失败|远程主机强迫关闭|"
        # a browser's fetch that got no answer; apps' own words for the same
        r"failed to fetch|networkerror when attempting to fetch|no internet connection|"
        r"could not get a reply from|连接不到|failed to send (?:the )?http request to|"
        r"\bconnection_error\b|"
        # Java's connect timeout ("Connection timed out: connect", "connect timed out")
        r"connection timed out: connect|connect timed out|"
        # Go's dialer: the TCP connect itself timed out ("dial tcp 1.2.3.4:443: i/o timeout",
        # "dial tcp ...: connect: connection timed out")
        r"dial tcp [^\n]{0,120}(?:i/o timeout|connection timed out)|connect: connection timed out|"
        r"curl failed with exit code (?:7|52|56)\b")),
    ("timeout", (
        r"(?i)readtimeout|read timed out|timed out|timeout|etimedout|esockettimedout|"
        r"deadline exceeded|this operation was aborted|超时|curl failed with exit code 28\b|"
        # chatgpt-on-wechat's reply when the model call timed out
        r"我没有收到你的消息")),
    # PHP's http stream wrapper when no status line came back in time ("Failed to open
    # stream: HTTP request failed! in ..."; with a status it names it, see statusline.py)
    ("timeout", r"(?im)http request failed! in |http request failed!\s*$"),
    # Perl's HTTP::Tiny: status 599 for any failure of its own; the detail, when shown, said
    # which above
    ("connect", r"(?i)\b599 internal exception"),
)


@functools.cache
def _kinds() -> tuple[tuple[str, re.Pattern[str]], ...]:
    return tuple((kind, re.compile(source)) for kind, source in _SOURCES)


def error_kind(message: str) -> str:
    """timeout | connect | dns | tls | proxy | other."""
    head = message[:20000]
    for kind, pattern in _kinds():
        if pattern.search(head):
            return kind
    return "other"
