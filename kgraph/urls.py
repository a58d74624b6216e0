"""URL clean-up and identity: what counts as one code repository."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

__all__ = ["clean_url", "repository_key", "CODE_HOSTS"]

#: Hosts whose first two path segments name a source-code repository.
CODE_HOSTS = frozenset({"github.com", "gitlab.com", "bitbucket.org", "codeberg.org", "sr.ht", "git.sr.ht"})

_TRAILING = ".,;:)]}>'\"!?"


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
