"""URLs: finding them in running text, telling code repositories from other pages, and their identity.

Readers find the URLs a page prints (`find_urls`, `split_urls`); the builder
decides what is a followable web address (`web_url`), which repository a URL
names (`repository_key`) and an IRI every RDF parser accepts (`iri_from_url`).
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

__all__ = ["CODE_HOSTS", "find_urls", "is_url", "strip_urls", "is_code_url", "split_urls",
           "web_url", "clean_url", "repository_key", "iri_from_url"]

#: Source-code hosts, whose first two path segments name a repository (owner/name); a
#: subdomain counts too (gist.github.com, git.sr.ht), a *.github.io page does not.
CODE_HOSTS = ("github.com", "gitlab.com", "bitbucket.org", "codeberg.org", "sourceforge.net", "gitee.com", "sr.ht")

# ---------------------------------------------------------------- URLs in text

#: A URL as pages print it: with a scheme, or a bare www./github.com/... start not inside a word or path.
_FOUND = re.compile(r"(?:https?://|(?<![\w/.@])(?:www\.|github\.com/|gitlab\.com/|huggingface\.co/))[^\s<>\"'`]+", re.I)
_FOUND_TRAIL = ".,;:!?'\"*"


def _trim_found(url: str) -> str:
    """Strip trailing sentence punctuation and an unbalanced closing bracket; add a scheme."""
    u = url
    opens = {")": "(", "]": "[", "}": "{"}
    counts = {c: u.count(c) for c in "()[]{}"}  # kept up to date as the tail is cut: linear time
    while u:
        last = u[-1]
        if last in _FOUND_TRAIL:
            u = u[:-1]
        elif last in opens and counts[last] > counts[opens[last]]:
            counts[last] -= 1
            u = u[:-1]
        else:
            break
    if not re.match(r"https?://", u, re.I):
        u = "https://" + u
    return u


def find_urls(text: str) -> list[str]:
    """Every URL in `text`, cleaned, in order of first appearance, without repeats."""
    out: dict[str, None] = {}  # insertion-ordered set: a page of 100k links stays linear
    for m in _FOUND.finditer(text or ""):
        u = _trim_found(m.group(0))
        if "." in u.split("://", 1)[1]:
            out.setdefault(u)
    return list(out)


def is_url(token: str) -> bool:
    """Whether the whole of `token` is shaped like a printed URL."""
    return _FOUND.fullmatch(token) is not None


def strip_urls(text: str) -> str:
    """`text` with each printed URL replaced by a space (a venue's name is never inside one)."""
    return _FOUND.sub(" ", text)


def _on_code_host(host: str) -> bool:
    return any(host == h or host.endswith("." + h) for h in CODE_HOSTS)


def is_code_url(url: str) -> bool:
    """A URL on a source-code host (GitHub, GitLab, Bitbucket, ...); *.github.io pages are not."""
    host = re.sub(r"^https?://", "", url, flags=re.I).split("/", 1)[0].casefold()
    return _on_code_host(host.removeprefix("www."))


def split_urls(urls: list[str]) -> tuple[list[str], list[str]]:
    """(code URLs, homepage/data/result URLs), order kept."""
    code = [u for u in urls if is_code_url(u)]
    return code, [u for u in urls if u not in code]


# ---------------------------------------------------------------- web addresses and repositories

_TRAILING = ".,;:)]}>'\"!?"
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")
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
    if _on_code_host(host) and len(segments) >= 2:
        segments = segments[:2]
    path = "/".join(segments)
    path = path.removesuffix(".git")
    return f"{host}/{path}".rstrip("/").lower()


# ---------------------------------------------------------------- IRIs from page URLs

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
