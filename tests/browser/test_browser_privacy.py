"""What the site leaves in the browser, and the offline copy opened from file://.

- A search term stays in the browser: typed in each language and a result clicked (or
  Enter pressed), it is in no address, no request (address or body) and no history
  entry, and the page opened has no query string and no fragment but the result's own
  section. (Material's search.highlight put it in the result's address, `?h=`: off;
  search.share, which writes `?q=`, is off too.)
- No page tells where the reader was: the referrer policy (no-referrer, in every page's
  head: derechos.head_tags) holds on a content page, the 404 page and a short link's
  page. An outbound link clicked (the request answered by the test itself) carries no
  Referer and the page it opens sees no document.referrer; the page a short link leads
  to was requested without a Referer. With the policy tag taken out of the same page,
  the same steps do show a referrer: the test can tell.
- No cookies, nothing in sessionStorage, and in localStorage only Material's colour
  scheme (`__palette`), after reading, searching and switching the colour scheme; no
  service worker, Cache Storage or IndexedDB; the pages read are in the browser's
  history (going back returns to them). The privacy statement (docs/*/privacy.md) says
  exactly this.
- Every page opened from the file system (file://, as the offline copy is read) runs
  under its Content-Security-Policy with no violation, no console error and no request
  that leaves the file system: in Chromium, 'self' in a policy of a file:// page
  matches file: URLs. The 404 pages are left out: they are only ever served by the
  host, and their links are root-relative.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from urllib.parse import unquote_plus, urlsplit

import pytest
from playwright.sync_api import Browser, Request, Route, expect

from derechos.project import Project, load_project
from support.pagecheck import PageReport, Recorder, is_redirect_page, new_context, site_pages

PROJECT = load_project()


STORAGE = "() => ({local: {...localStorage}, session: {...sessionStorage}, cookie: document.cookie})"
#: What a site could keep in the browser besides: service workers, Cache Storage, IndexedDB.
KEPT = """async () => ({
  workers: navigator.serviceWorker ? (await navigator.serviceWorker.getRegistrations()).length : 0,
  caches: self.caches ? await caches.keys() : [],
  databases: indexedDB.databases ? (await indexedDB.databases()).map(d => d.name) : []})"""


@pytest.mark.parametrize("lang", PROJECT.codes)
def test_only_the_colour_scheme_is_stored(browser: Browser, served_site: str, lang: str) -> None:
    context = new_context(browser, "mobile")
    page = context.new_page()
    try:
        page.goto(f"{served_site}{PROJECT.language(lang).root}index.html", wait_until="networkidle")
        report = PageReport(page.url)
        recorder = Recorder(page, report)
        page.locator("label.md-header__button[for=__search]").click()
        page.locator("input.md-search__input").press_sequentially("privac")
        expect(page.locator(".md-search-result__item").first).to_be_visible()
        page.keyboard.press("Escape")
        recorder.finish()
        # Search runs in the browser: what is typed is sent nowhere.
        assert [u for u in report.requests if "privac" in u] == [], report.requests
        assert report.problems() == []
        page.locator("label.md-header__button[for=__palette_1]").click()
        expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "slate")
        page.goto(f"{served_site}{PROJECT.language(lang).root}privacy.html", wait_until="networkidle")
        stored = page.evaluate(STORAGE)
        assert context.cookies() == []
        assert stored["cookie"] == ""
        assert stored["session"] == {}
        assert stored["local"], "expected the colour scheme in localStorage"
        assert all(key.endswith(".__palette") for key in stored["local"]), stored["local"]
        # No copy of the site kept for later (no service worker, Cache Storage or IndexedDB) ...
        assert page.evaluate(KEPT) == {"workers": 0, "caches": [], "databases": []}
        # ... but the browser's own history holds the pages read (what the privacy page says).
        page.go_back(wait_until="networkidle")
        assert page.url == f"{served_site}{PROJECT.language(lang).root}index.html"
        assert page.evaluate("history.length") >= 2
    finally:
        context.close()


#: (language, a word typed into search that is in no address of the site, how the result is opened)
TERMS = [("es", "periodistas", "click"), ("en", "spyware", "click"), ("es", "periodistas", "enter")]
ID = re.compile(r'\sid="([^"]+)"')

#: What the browser keeps of the session: the current address, the history's state
#: object, and the addresses of the documents it navigated to.
HISTORY = """() => ({url: location.href, search: location.search, length: history.length,
  state: JSON.stringify(history.state), navigations: performance.getEntriesByType("navigation").map(e => e.name)})"""


def carries(text: str, term: str) -> bool:
    return term in unquote_plus(text).lower()


@pytest.mark.parametrize(("lang", "term", "how"), TERMS)
def test_a_search_term_stays_in_the_browser(browser: Browser, served_site: str, site: Path, project: Project,
                                            lang: str, term: str, how: str) -> None:
    # The word is in no file name and no anchor, so any address holding it holds what was typed.
    names = [p.relative_to(site).as_posix() for p in site.rglob("*")]
    names += [i for p in site.rglob("*.html") for i in ID.findall(p.read_text(encoding="utf-8"))]
    assert not [n for n in names if term in n.lower()], f"{term!r} is in an address of the site: choose another word"
    context = new_context(browser, "mobile")
    sent: list[str] = []  # every request of the session: its address and its body
    context.on("request", lambda request: sent.append(f"{request.url} {request.post_data or ''}"))
    page = context.new_page()
    try:
        home = f"{served_site}{project.language(lang).root}index.html"
        page.goto(home, wait_until="networkidle")
        entries = page.evaluate("history.length")
        page.locator("label.md-header__button[for=__search]").click()
        field = page.locator("input.md-search__input")
        field.press_sequentially(term)
        expect(field).to_have_value(term)
        results = page.locator(".md-search-result__item > a[href*='#']")  # sections, each with its anchor
        expect(results.first).to_be_visible()
        result = results.first.get_attribute("href") or ""
        target = urlsplit(result)
        assert target.query == "" and not carries(result, term), f"the result links to {result}"
        if how == "click":
            results.first.click()  # straight from the results: no Escape first
        else:
            field.press("Enter")  # Material opens the best result; the form is never submitted
        page.wait_for_url(lambda url: urlsplit(url).path != urlsplit(home).path)
        page.wait_for_load_state("networkidle")
        opened = urlsplit(page.url)
        if how == "click":
            assert opened.path == target.path, f"clicked {result}, opened {page.url}"
        assert opened.query == "", f"the opened page has a query string: {page.url}"
        if how == "click":
            assert opened.fragment in ("", target.fragment), f"clicked {result}, opened {page.url}"
        assert not carries(page.url, term)
        now = page.evaluate(HISTORY)
        assert now["search"] == "" and now["length"] == entries + 1, now  # one new entry: the result
        back, forward = page.evaluate("() => location.href"), None
        page.go_back()
        page.wait_for_url(home)
        before = page.evaluate(HISTORY)
        page.go_forward()
        page.wait_for_url(back)
        forward = page.evaluate(HISTORY)
        for entry in (now, before, forward):
            assert not carries(json.dumps(entry), term), f"the history holds {term!r}: {entry}"
        assert before["url"] == home and forward["url"] == back, (before, forward)
        assert sent, "no request was recorded"
        carried = [line for line in sent if carries(line, term)]
        assert carried == [], f"requests that carried {term!r}:\n" + "\n".join(carried)
    finally:
        context.close()


#: The site's referrer policy tag (derechos.head_tags), as every page carries it.
REFERRER_TAG = '<meta name="referrer" content="no-referrer">'
#: Planted in the 404 page, which has no outbound link of its own; answered by the test.
OUTBOUND = "https://outbound.invalid/from-the-404-page"
ARRIVED = "<!doctype html><title>outside</title><p>outside"


@pytest.mark.parametrize("policy", ["site", "removed"])
@pytest.mark.parametrize("kind", ["content", "404", "short link"])
def test_no_page_sends_a_referrer(browser: Browser, served_site: str, project: Project, kind: str, policy: str) -> None:
    lang = project.default
    path = {"content": f"{lang.root}privacy.html", "404": f"{lang.root}no-such-page.html",
            "short link": f"{lang.root}pegasus/"}[kind]
    url = served_site + path
    context = new_context(browser, "desktop")
    referers: dict[str, str | None] = {}  # what each request was sent with, by address

    def outside(route: Route) -> None:
        referers[route.request.url] = route.request.headers.get("referer")
        route.fulfill(status=200, content_type="text/html", body=ARRIVED)

    def without_policy(route: Route) -> None:
        response = route.fetch()
        route.fulfill(response=response, body=response.text().replace(REFERRER_TAG, ""))

    context.route(lambda address: not address.startswith(served_site), outside)
    if policy == "removed":
        context.route(url, without_policy)
    def record(request: Request) -> None:
        referers.setdefault(request.url, request.headers.get("referer"))

    context.on("request", record)
    page = context.new_page()
    try:
        page.goto(url, wait_until="load")
        if kind == "short link":  # the browser moves on to the target by itself
            page.wait_for_url(lambda address: address != url, wait_until="load")
            arrived = page.url
        else:
            assert (REFERRER_TAG in page.content()) is (policy == "site"), "the page's policy is not as intended"
            if kind == "404":
                page.evaluate("href => { const a = document.createElement('a'); a.href = href; a.textContent = 'out';"
                              " document.querySelector('article').append(a) }", OUTBOUND)
                link = page.locator(f"article a[href='{OUTBOUND}']")
            else:
                link = page.locator("article a[href^='https://']").first
            arrived = link.get_attribute("href") or ""
            assert urlsplit(arrived).hostname not in ("127.0.0.1", "localhost"), arrived
            link.click()
            page.wait_for_url(arrived)
        sent, seen = referers.get(arrived, "not requested"), page.evaluate("document.referrer")
        if policy == "site":
            assert sent is None, f"{path}: the request for {arrived} carried Referer {sent!r}"
            assert seen == "", f"{path}: {arrived} saw document.referrer {seen!r}"
        else:  # the same steps without the policy do show where the reader was
            assert sent and sent.startswith(served_site), (f"{path}: no Referer for {arrived} ({sent!r}) "
                                                           "without the policy")
            assert seen.startswith(served_site), f"{path}: {arrived} saw no referrer without the policy"
    finally:
        context.close()


#: Pages opened from files at once, each in its own tab.
FILE_PAGES_AT_ONCE = 4


@pytest.mark.parametrize("lang", PROJECT.codes)
def test_pages_opened_from_files_run_under_their_policy(browser: Browser, site: Path, project: Project,
                                                        lang: str) -> None:
    # Theme pages only: 404 pages need a server, and a short link's page has no script
    # of its own (it sends the reader on to its target).
    pages = [rel for rel in site_pages(site) if project.language_of(rel).code == lang
             and Path(rel).name != "404.html" and not is_redirect_page(site / rel)]
    context = new_context(browser, "desktop")
    problems = []
    try:
        for start in range(0, len(pages), FILE_PAGES_AT_ONCE):  # a few tabs load at once
            opened = []
            for rel in pages[start:start + FILE_PAGES_AT_ONCE]:
                url = (site / rel).as_uri()
                page = context.new_page()
                report = PageReport(url)
                opened.append((page, report, Recorder(page, report)))
                page.goto(url, wait_until="commit")
            for page, report, recorder in opened:
                page.wait_for_load_state("load")
                page.wait_for_function("document.documentElement.classList.contains('js')")
                recorder.finish()
                page.close()
                problems += report.problems()
                problems += [f"{report.url}: request outside the file system: {u}"
                             for u in report.requests if not u.startswith("file:")]
    finally:
        context.close()
    assert len(pages) >= 2, f"too few {lang} pages were opened: {pages}"
    assert problems == [], "\n".join(problems)


def test_the_policy_is_enforced_from_files(browser: Browser, site: Path, tmp_path: Path) -> None:
    """The file:// check above means something: the same policy still blocks what it must."""
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    index = copy / "index.html"
    index.write_text(index.read_text(encoding="utf-8").replace(
        "</article>",
        '<script>document.title = "x"</script><img src="https://tracker.invalid/p.png" alt="p"></article>', 1),
        encoding="utf-8")
    context = new_context(browser, "desktop")
    try:
        page = context.new_page()
        report = PageReport(index.as_uri())
        recorder = Recorder(page, report)
        page.goto(index.as_uri(), wait_until="load")
        page.wait_for_function("document.documentElement.classList.contains('js')")
        recorder.finish()
    finally:
        context.close()
    directives = sorted(v.split(" ")[0] for v in report.csp_violations)
    assert directives == ["img-src", "script-src-elem"], report.csp_violations
