"""URL clean-up and identity: what counts as one code repository."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

__all__ = ["web_url", "clean_url", "repository_key", "CODE_HOSTS"]

#: Hosts whose first two path segments name a source-code repository.
CODE_HOSTS = frozenset({"github.com", "gitlab.com", "bitbucket.org", "codeberg.org", "sr.ht", "git.sr.ht"})

_TRAILING = ".,;:)]}>'\"!?"


_SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*):", re.I)
_BARE_HOST = re.compile(r"^(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)+(?:[/:?#]|$)", re.I)


def web_url(url: str) -> str | None:
    """`url` cleaned, if it is a web address (http or https, or a bare host such as
    "github.com/a/b", given https); None for anything else (javascript:, file:, data:,
    mailto:, ...), which must never become a link a reader of the graph can follow."""
    url = clean_url(url)
    scheme = _SCHEME.match(url)
    if scheme:
        if scheme.group(1).lower() in ("http", "https") and url[scheme.end():].startswith("//"):
            return url
        if not _BARE_HOST.match(url):  # "github.com:8080/x" has a colon but no scheme
            return None
    return url if _BARE_HOST.match(url) else None


def clean_url(url: str) -> str:
    """Strip the punctuation a sentence leaves on a URL ("...dsp." -> "...dsp")."""
    url = url.strip()
    while url and url[-1] in _TRAILING:
        if url[-1] == ")" and url.count("(") >= url.count(")"):
            break
        url = url[:-1]
    return url


def repository_key(url: str) -> str:
    """host/owner/repo, lower-cased, without scheme, www., .git or trailing slash."""
    url = clean_url(url)
    if not re.match(r"^[a-z][a-z0-9+.-]*://", url, re.I):
        url = "https://" + url
    parts = urlsplit(url)
    host = parts.netloc.lower().removeprefix("www.")
    segments = [s for s in parts.path.split("/") if s]
    if host in CODE_HOSTS and len(segments) >= 2:
        segments = segments[:2]
    path = "/".join(segments)
    path = path.removesuffix(".git")
    return f"{host}/{path}".rstrip("/").lower()


# ---------------------------------------------------------------- IRIs from page URLs

_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")
_PCT = re.compile(r"%[0-9A-Fa-f]{2}")
_HOST_PORT = re.compile(r"^(.*?)(?::(\d*))?$", re.DOTALL)
_IP_LITERAL = re.compile(r"\[[0-9A-Fa-f:.]+\]")
_DOMAIN = re.compile(r"^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+(/|$)")
_UNRESERVED = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~!$&'()*+,;=")
# RFC 3987 ucschar ranges (allowed anywhere) and iprivate ranges (allowed in the query only).
_UCSCHAR = ((0xA0, 0xD7FF), (0xF900, 0xFDCF), (0xFDF0, 0xFFEF),
            *(((p << 16), (p << 16) + 0xFFFD) for p in range(1, 14)), (0xE1000, 0xEFFFD))
_IPRIVATE = ((0xE000, 0xF8FF), (0xF0000, 0xFFFFD), (0x100000, 0x10FFFD))


def _within(ranges: tuple[tuple[int, int], ...], code: int) -> bool:
    return any(lo <= code <= hi for lo, hi in ranges)


def _encode(text: str, also_allowed: str, *, private: bool = False) -> str:
    """Percent-encode (as UTF-8) every character RFC 3987 does not allow here; keep valid %XX."""
    out: list[str] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "%" and _PCT.match(text, i):
            out.append(text[i:i + 3])
            i += 3
            continue
        code = ord(ch)
        if ch in _UNRESERVED or ch in also_allowed or _within(_UCSCHAR, code) or (private and _within(_IPRIVATE, code)):
            out.append(ch)
        else:
            out.append("".join(f"%{b:02X}" for b in ch.encode("utf-8", "surrogatepass")))
        i += 1
    return "".join(out)


def iri_from_url(url: str) -> str:
    """An RFC 3987 IRI for a URL as a page printed it, one that every RDF parser accepts.

    Spaces, quotes, '>', a stray '%', a second '#', a bad port and other characters
    an IRI cannot hold are percent-encoded; a bare domain gets https://, and text
    that is no URL at all becomes a urn:kgraph:text: IRI rather than a broken one.
    """
    text = url.strip()
    if not _SCHEME.match(text):
        text = ("https://" if _DOMAIN.match(text) else "urn:kgraph:text:") + text
    m = _SCHEME.match(text)
    scheme, rest = m.group(1), text[m.end():]
    rest, hash_sign, fragment = rest.partition("#")
    rest, question, query = rest.partition("?")
    out = scheme + ":"
    if rest.startswith("//"):
        authority, slash, path = rest[2:].partition("/")
        userinfo, at, hostport = authority.rpartition("@")
        host, port = _HOST_PORT.match(hostport).groups()
        if not _IP_LITERAL.fullmatch(host):
            host = _encode(host, "")
        out += "//" + (_encode(userinfo, ":") + "@" if at else "") + host + (f":{port}" if port is not None else "")
        path = slash + path
    else:
        path = rest
    out += _encode(path, ":@/")
    if question:
        out += "?" + _encode(query, ":@/?", private=True)
    if hash_sign:
        out += "#" + _encode(fragment, ":@/?")
    return out
