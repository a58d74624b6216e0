"""URLs printed in abstracts and comments, split into code repositories and project pages.

Readers already split the URLs their layouts show; this catches the ones left in
running text ("Code is available at https://github.com/x/y."). Trailing
punctuation is stripped: a sentence's full stop is not part of the address.
"""

from __future__ import annotations

import re
from typing import Iterable

from kgraph.extract.patterns import URL

__all__ = ["find_urls", "split_urls", "is_code_url", "missing_urls"]

_CODE_HOSTS = re.compile(
    r"^(?:https?://)?(?:www\.)?(?:github\.com|gitlab\.com|bitbucket\.org|codeberg\.org|git\.[\w.-]+|"
    r"huggingface\.co/spaces|sourceforge\.net|gitee\.com)/[^/\s]+/[^/\s]+", re.I)
_TRAILING = ".,;:!?)]}'\"»”’"


def _clean(url: str) -> str:
    url = url.rstrip(_TRAILING)
    if url.count("(") < url.count(")"):
        url = url[: url.rfind(")")]
    return url


def find_urls(text: str) -> list[str]:
    """Every URL in `text`, in order, without repeats, trailing punctuation removed."""
    out: list[str] = []
    for m in URL.finditer(text or ""):
        u = _clean(m.group(0))
        if u.lower().startswith("www."):
            u = "https://" + u
        if u not in out:
            out.append(u)
    return out


def is_code_url(url: str) -> bool:
    """A repository on a code host (owner/name), as opposed to a project or data page."""
    return bool(_CODE_HOSTS.match(url))


def split_urls(urls: Iterable[str]) -> tuple[list[str], list[str]]:
    """(code repositories, other pages)."""
    code, other = [], []
    for u in urls:
        (code if is_code_url(u) else other).append(u)
    return code, other


def _norm(u: str) -> str:
    u = re.sub(r"^https?://(?:www\.)?", "", u.strip().lower()).rstrip("/")
    return re.sub(r"\.git$", "", u)


def missing_urls(texts: Iterable[str], known: Iterable[str]) -> tuple[list[str], list[str]]:
    """(code, other) URLs found in `texts` that are not already among `known` (a record's URLs)."""
    seen = {_norm(u) for u in known}
    found = []
    for t in texts:
        for u in find_urls(t):
            if _norm(u) not in seen:
                seen.add(_norm(u))
                found.append(u)
    return split_urls(found)
