"""The campaign kit gives campaigners posts they would paste as they are.

Each short link's post (data/shortlinks.yml `post`) starts with a verb, says one fact with
its year, fits 200 characters before the link and carries no notes on editions (the
build refuses the last three: tests/unit/test_shortlinks.py); on the kit page, the post
and the short link each come with a copy button that copies exactly what is shown.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from derechos.project import Project, load_project
from derechos.shortlinks import POST_MAX, ShortLink, load_links

PROJECT = load_project()
#: The verbs a post may start with: usted imperatives in Spanish (the site's register),
#: imperatives in English. A post that starts otherwise reads as a page description.
VERBS = {
    "es": {"Conozca", "Sepa", "Entérese", "Lea", "Vea", "Consulte", "Recorra", "Descubra", "Exija", "Comparta",
           "Revise", "Siga"},
    "en": {"Find", "See", "Learn", "Read", "Check", "Follow", "Discover", "Demand", "Share", "Look"},
}


@pytest.mark.parametrize("code", PROJECT.codes)
def test_every_post_starts_with_a_verb_and_fits(project: Project, code: str) -> None:
    posts = {link.page: link.post for link in load_links(project) if link.lang == code}
    assert len(posts) >= 5, "every topic page has a short link and a post"
    bad = {page: post for page, post in posts.items() if post.split()[0].strip("¡¿") not in VERBS[code]}
    assert bad == {}
    assert [page for page, post in posts.items() if len(post) > POST_MAX] == []


BUTTON = re.compile(r'<button type="button" class="md-button copy-button" data-copy="([^"]*)"')


@pytest.mark.parametrize("code", PROJECT.codes)
def test_the_kit_page_offers_each_post_and_link_to_copy(site: Path, site_url: str, project: Project,
                                                       code: str) -> None:
    lang = project.language(code)
    page = (site / lang.root / "campaign-kit.html").read_text(encoding="utf-8")
    copies = [html.unescape(m) for m in BUTTON.findall(page)]
    links = [link for link in load_links(project) if link.lang == code]
    primary: dict[str, ShortLink] = {}
    for link in links:
        primary.setdefault(link.page, link)
    for link in primary.values():
        url = link.url(site_url)
        assert url in copies, f"no copy button for {url}"
        assert f"{link.post} {url}" in copies, f"no copy button for the post of {link.page}"
