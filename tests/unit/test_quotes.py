"""Quotations name their source, are in the page's language and are verbatim (derechos.quotes)."""

from __future__ import annotations

from pathlib import Path

import pytest

from derechos.quotes import SourceText, check, find, load_texts, normalise
from derechos.yamlfile import DataError

SOURCE = normalise(
    "The Pegasus revelations are making headlines across the globe. But in Mexico, the use of NSO Group’s spyware "
    "to attack civil society is relatively old news, and there is a lot more to worry about.\n\nAt RightsCon, Martha "
    "Tudón of ARTICLE 19 explained that… adding, “Copyright, data protection, and other laws are used to censor.”")
TEXTS = {("accessnow-2021", "en"): SourceText("accessnow-2021", "en", "accessnow-2021.en.txt", "https://x", (SOURCE,)),
         ("accessnow-2021", "es"): SourceText("accessnow-2021", "es", "accessnow-2021.es.txt", "https://x",
                                              ("primer pasaje", "segundo pasaje"))}

GOOD = """A straight apostrophe and a line break inside the quote:
<q data-source="accessnow-2021" lang="en">the use of NSO Group's spyware to attack
civil society is relatively old news</q>.

Straight double quotes for the source's curly ones; attributes in another order and quoting:
<q data-source="accessnow-2021" lang="en">adding, "Copyright, data protection, and other laws</q>
and <q lang="en" data-source='accessnow-2021'>Pegasus revelations are making headlines</q>.
<blockquote data-source="accessnow-2021" lang="en" markdown>
> Martha Tudón of ARTICLE 19 explained that...
</blockquote>
"""


def messages(text: str, lang: str = "en") -> list[str]:
    return [f.text() for f in check(text, "page.md", 1, lang, TEXTS)]


def test_verbatim_quotes_pass_despite_apostrophes_quotes_ellipses_and_line_breaks() -> None:
    assert len(find(GOOD)) == 4
    assert messages(GOOD) == []


@pytest.mark.parametrize(("markup", "lang", "message"), [
    ('<q data-source="accessnow-2021" lang="en">the use of spyware against civil society is old news</q>', "en",
     "page.md:1: quote: not found verbatim in accessnow-2021.en.txt: "
     "'the use of spyware against civil society is old news'"),
    ('\n<q data-source="accessnow-2020" lang="en">Pegasus revelations</q>', "en",
     "page.md:2: quote: no en text of source 'accessnow-2020' in data/texts/ to quote from "
     "(quotable sources: accessnow-2021)"),
    ('<q data-source="accessnow-2021">Pegasus revelations</q>', "en",
     "page.md:1: quote: <q> has no lang attribute (the language of the quoted text)"),
    ('<q lang="en">Pegasus revelations</q>', "en",
     "page.md:1: quote: <q> has no data-source attribute (the source it quotes: accessnow-2021)"),
    ('<q data-source="accessnow-2021" lang="en">Pegasus revelations</q>', "es",
     "page.md:1: quote: lang='en' on a 'es' page: quote the es text of accessnow-2021 "
     "(or paraphrase in es and say what the original says)"),
    ('<q data-source="accessnow-2021" lang="es">pasaje segundo</q>', "es",
     "page.md:1: quote: not found verbatim in accessnow-2021.es.txt: 'pasaje segundo'"),
    ('<q data-source="accessnow-2021" lang="es"> </q>', "es", "page.md:1: quote: empty <q>"),
])
def test_bad_quotes_are_reported_with_file_line_and_reason(markup: str, lang: str, message: str) -> None:
    assert messages(markup, lang) == [message]


def test_a_quote_cannot_span_a_passage_that_was_not_captured() -> None:
    assert messages('<q data-source="accessnow-2021" lang="es">primer pasaje segundo</q>', "es") == [
        "page.md:1: quote: not found verbatim in accessnow-2021.es.txt: 'primer pasaje segundo'"]


def test_the_source_texts_are_in_the_repository_with_their_origin(root: Path) -> None:
    texts = load_texts(root)
    assert set(texts) >= {("igf-2016", "es"), ("igf-2016", "en"), ("accessnow-2021", "es"), ("accessnow-2021", "en")}
    for text in texts.values():
        assert text.url.startswith("https://") and text.passages
    spanish = texts[("igf-2016", "es")]
    assert spanish.contains("el 99% de estos actos se hacen sin orden judicial")
    assert not spanish.contains("99 journalists") and not any("99 periodistas" in p for p in spanish.passages)


def test_a_source_text_file_needs_its_header(tmp_path: Path) -> None:
    (tmp_path / "data" / "texts").mkdir(parents=True)
    (tmp_path / "data" / "texts" / "x.es.txt").write_text("no header\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"^data/texts/x\.es\.txt:1: a source text starts with a YAML header"):
        load_texts(tmp_path)
