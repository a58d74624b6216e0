"""kgraph.urls: one code-host list decides both what a code URL is and which repository it names."""

from __future__ import annotations

import pytest

from kgraph.urls import CODE_HOSTS, find_urls, is_code_url, repository_key, split_urls


@pytest.mark.parametrize("host", CODE_HOSTS)
def test_every_code_host_is_code_and_names_owner_and_repository(host: str) -> None:
    url = f"https://{host}/owner/name/tree/main/src"
    assert is_code_url(url)
    assert repository_key(url) == f"{host}/owner/name"


def test_subdomains_of_a_code_host_count_but_project_pages_do_not() -> None:
    assert is_code_url("https://git.sr.ht/~me/tool")
    assert repository_key("https://gist.github.com/me/abc123/raw") == "gist.github.com/me/abc123"
    assert not is_code_url("https://me.github.io/tool/")
    assert repository_key("https://example.org/a/b/c") == "example.org/a/b/c"


def test_found_urls_split_into_code_and_pages() -> None:
    text = "Code: https://github.com/a/b. Demo at https://a.github.io/b/ (see https://x.org/y)."
    urls = find_urls(text)
    assert urls == ["https://github.com/a/b", "https://a.github.io/b/", "https://x.org/y"]
    assert split_urls(urls) == (["https://github.com/a/b"], ["https://a.github.io/b/", "https://x.org/y"])
