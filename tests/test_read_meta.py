"""Metadata from the page's structured data, bylines, real dates, ids; feed fixes."""
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given, strategies as st

from wellsourced.model import Article, Author
from wellsourced.read import iter_articles, read_article, read_string
from wellsourced.read.dates import parse_when, url_date
from wellsourced.read.meta import parse_byline

FIX = Path(__file__).parent / "fixtures" / "read"
P, O = "person", "organization"


def names(authors):
    return [(a.name, a.kind) for a in authors]


def test_json_ld_graph_authors_dates_publisher():
    a = read_article(str(FIX / "meta_graph.html"), annotate=False)
    assert a.title == "Tram line to open next spring"
    assert names(a.authors) == [("Tomas Reyes", P), ("Ines Park", P), ("Courier Data Desk", O)]
    assert a.outlet == "Riverside Courier"
    # the page's own time and zone, not shifted to UTC (that would be the next day)
    assert a.published == datetime(2025, 4, 2, 23, 30, tzinfo=timezone(timedelta(hours=-5)))
    assert a.modified == datetime(2025, 4, 3, 8, 0, tzinfo=timezone(timedelta(hours=-5)))
    js = a.model_dump(mode="json")
    assert js["published"] == "2025-04-02T23:30:00-05:00" and js["authors"][0] == {"name": "Tomas Reyes", "kind": P}


def test_byline_in_body_and_time_element():
    a = read_article(str(FIX / "meta_byline.html"), annotate=False)
    assert a.title == "Library hours cut as council trims budget"
    assert names(a.authors) == [("Ana Ruiz", P), ("Tom Hale", P), ("Reuters", O)]
    assert a.published == date(2025, 6, 9) and not isinstance(a.published, datetime)
    assert a.byline == "Ana Ruiz, Tom Hale (Reuters)"


PARAS = "".join(f"<p>The depot on Mill Road will house the new trams, said a council officer, sentence {i}.</p>" for i in range(8))


def _page(head: str, body: str) -> str:
    return f"<html><head><title>Tram depot to open</title>{head}</head><body>{body}</body></html>"


@pytest.mark.parametrize("body,expected", [
    # the date printed under the headline, as articles print it, in any common form
    (f"<h1>Tram depot to open in the spring</h1><p>Dec. 19th, 2025 | Ana Ruiz</p>{PARAS}", date(2025, 12, 19)),
    (f"<div>Posted 3 March 2024</div><h1>Tram depot to open in the spring</h1>{PARAS}", date(2024, 3, 3)),
    # a date far from the headline (a footer, a comment) is not the article's, and no date is invented
    (f"<h1>Tram depot to open in the spring</h1>{PARAS * 3}<footer>Updated June 1, 2023. (c) 2025</footer>", None),
    (f"<h1>Tram depot to open in the spring</h1>{PARAS}", None),
    # dates written with dots are day first
    (f"<h1>Tram depot to open in the spring</h1><p>04.05.2023</p>{PARAS}", date(2023, 5, 4)),
    # a <time> shown beside the headline in a form we do not read gives its datetime=
    (f"<h1>Tram depot to open in the spring</h1><p><time datetime='2023-04-22T09:00:00+01:00'>Sat 22/4</time></p>{PARAS}",
     date(2023, 4, 22)),
    # ... but not one far below the article (a comment's)
    (f"<h1>Tram depot to open in the spring</h1>{PARAS * 3}<p><time datetime='2023-04-22'>Sat 22/4</time></p>", None),
])
def test_date_printed_beside_the_headline(body, expected):
    a = read_string(_page("", body), fmt="html", where="page", annotate=False)
    assert a.published == expected


@pytest.mark.parametrize("body,expected", [
    # a one-word handle in <meta name="author"> is the author when nothing names a person ...
    (f"<h1>Tram depot to open in the spring</h1>{PARAS}", [("rivertram", P)]),
    # ... and gives way to a byline that does
    (f"<h1>Tram depot to open in the spring</h1><p>By Ana Ruiz</p>{PARAS}", [("Ana Ruiz", P)]),
])
def test_author_handle_only_as_a_last_resort(body, expected):
    a = read_string(_page('<meta name="author" content="rivertram">', body), fmt="html", where="page", annotate=False)
    assert names(a.authors) == expected


@pytest.mark.parametrize("body,expected", [
    # credits for words and pictures together are a byline
    (f"<h1>Tram depot to open in the spring</h1><div>Words and pictures by Hana Brightwater &mdash; 2 May</div>{PARAS}",
     [("Hana Brightwater", P)]),
    # microformats2: the p-author of an h-entry
    (f"<h1>Tram depot to open in the spring</h1><p>March 17 &bull; <span class='p-author h-card'>Callum Rees</span></p>{PARAS}",
     [("Callum Rees", P)]),
])
def test_credit_lines_and_microformat_authors(body, expected):
    a = read_string(_page("", body), fmt="html", where="page", annotate=False)
    assert names(a.authors) == expected


def test_microdata_of_related_articles_is_not_this_articles():
    """A related-article card (an Article scope without the page's h1) and a listing whose
    datePublished values disagree say nothing about this article's author and date."""
    card = ('<article itemscope itemtype="https://schema.org/Article"><h3>Another story</h3>'
            '<div itemprop="author" itemscope itemtype="https://schema.org/Person"><span itemprop="name">Thai Vo</span></div>'
            '<span itemprop="datePublished" content="2026-03-13"></span></article>')
    listing = "".join(f'<li><a href="/s{i}">Story {i}</a><span itemprop="datePublished" content="2026-03-0{i}"></span></li>'
                      for i in range(1, 5))
    a = read_string(_page("", f"<h1>Tram depot to open in the spring</h1><p>By Ana Ruiz</p>{PARAS}{card}<ul>{listing}</ul>"),
                    fmt="html", where="page", annotate=False)
    assert names(a.authors) == [("Ana Ruiz", P)] and a.published is None


def test_twitter_card_written_by_names_the_author():
    """WordPress SEO plugins put the author in a Twitter card label; a related-article card's
    microdata author further down is not the article's."""
    head = ('<meta name="twitter:label1" content="Written by"><meta name="twitter:data1" content="Linda Rosen">'
            '<meta name="twitter:label2" content="Est. reading time"><meta name="twitter:data2" content="4 minutes">')
    card = '<div itemprop="author" itemscope itemtype="https://schema.org/Person"><span itemprop="name">By Thai Vo</span></div>'
    a = read_string(_page(head, f"<h1>Tram depot to open in the spring</h1>{PARAS}{card}"), fmt="html", where="page",
                    annotate=False)
    assert names(a.authors) == [("Linda Rosen", P)]


@pytest.mark.parametrize("body,expected", [
    # the page's only h1, reworded after the metadata titles were written, is the headline
    (f"<h1>Councillors back the depot after a long debate</h1>{PARAS}", "Councillors back the depot after a long debate"),
    # an h1 in the site's header (its name) or one that is a link is not
    (f"<header><h1>The Riverside Courier Daily</h1></header>{PARAS}", "Tram depot to open"),
    (f"<h1><a href='/'>Riverside Courier home page</a></h1>{PARAS}", "Tram depot to open"),
])
def test_title_from_the_only_headline(body, expected):
    head = '<meta property="og:title" content="Tram depot to open">'
    assert read_string(_page(head, body), fmt="html", where="page", annotate=False).title == expected


def test_structured_date_beats_the_printed_one():
    head = '<meta property="article:published_time" content="2025-05-02">'
    a = read_string(_page(head, f"<h1>Tram depot to open in the spring</h1><p>June 9, 2025</p>{PARAS}"), fmt="html",
                    where="page", annotate=False)
    assert a.published == date(2025, 5, 2)


@pytest.mark.parametrize("text,expected", [
    ("By Ana Ruiz and Tom Hale | Reuters", [("Ana Ruiz", P), ("Tom Hale", P), ("Reuters", O)]),
    ("Ana Ruiz, PhD", [("Ana Ruiz, PhD", P)]),
    ("By Tom Hale, Staff Writer", [("Tom Hale", P)]),
    ("Written by: Ines Park & Lena Ortiz", [("Ines Park", P), ("Lena Ortiz", P)]),
    ("Associated Press", [("Associated Press", O)]),
    ("By KIM NG, AFP", [("KIM NG", P), ("AFP", O)]),
    ("", []),
])
def test_parse_byline(text, expected):
    assert names(parse_byline(text)) == expected


@pytest.mark.parametrize("raw,expected", [
    ("2025-03-14", date(2025, 3, 14)),
    ("2025-03-14T09:30:00Z", datetime(2025, 3, 14, 9, 30, tzinfo=timezone.utc)),
    ("2025-03-14T23:30:00-0500", datetime(2025, 3, 14, 23, 30, tzinfo=timezone(timedelta(hours=-5)))),
    ("2025-03-14T09:30:00", date(2025, 3, 14)),  # a time without a zone: the day as written
    ("Fri, 14 Mar 2025 09:30:00 GMT", datetime(2025, 3, 14, 9, 30, tzinfo=timezone.utc)),
    ("March 14, 2025", date(2025, 3, 14)),
    ("not a date", None),
    ("1850-01-01", None),
])
def test_parse_when(raw, expected):
    assert parse_when(raw) == expected


@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2025, 12, 31)),
       st.integers(0, 23), st.integers(0, 59), st.integers(-12, 14))
def test_day_never_shifted(d, h, m, off):
    tz = timezone(timedelta(hours=off))
    got = parse_when(datetime(d.year, d.month, d.day, h, m, tzinfo=tz).isoformat())
    assert got.date() == d and got.utcoffset() == timedelta(hours=off)
    assert parse_when(d.isoformat()) == d


def test_url_date():
    assert url_date("https://news.example/2024/11/05/vote-count") == date(2024, 11, 5)
    assert url_date("https://news.example/2024/13/05/x") is None


def test_ids_and_fingerprint(tmp_path):
    text = "Council approves new cycle lanes\n\nThe council approved 12 km of new cycle lanes on Tuesday evening."
    a = read_string(text, annotate=False)
    assert a.id == a.fingerprint and len(a.fingerprint) == 32
    b = read_string(text, annotate=False)
    assert b.fingerprint == a.fingerprint  # content hash: same text, same fingerprint
    p = tmp_path / "r.json"
    p.write_text('{"id": "story-17", "title": "T", "text": "The council approved 12 km of new cycle lanes on Tuesday."}')
    (r,) = iter_articles([str(p)])
    assert r.id == "story-17" and len(r.fingerprint) == 32


def test_schema_has_dates_and_authors():
    props = Article.model_json_schema()["properties"]
    assert {"authors", "published", "modified", "fingerprint"} <= set(props)
    assert "byline" not in props


# --- feeds -----------------------------------------------------------------------------------


def test_latin1_feed_and_guid():
    (a,) = iter_articles([str(FIX / "feed_latin1.rss")])
    assert a.title == "Café owner wins award" and a.outlet == "Café Notes"
    assert a.body.startswith("José Müller, who has run the corner café")
    assert "&nbsp;" not in a.body and "&mdash;" not in a.body and "bridge" in a.body
    assert a.id == "cafe-2025-001" and a.url == "https://cafe.example/award"
    assert a.published == datetime(2025, 3, 4, 8, 15, tzinfo=timezone(timedelta(hours=1)))


def test_rss_html_entities():
    (a,) = iter_articles([str(FIX / "feed_entities.rss")])
    assert a.title == "Bridge to reopen \u2014 at last"
    assert "bridge\u00a0will" in a.body or "bridge will" in a.body
    assert "&" not in a.body and "\u2014" in a.body
    assert a.id == "https://metro.example/?p=77"


def test_atom_published_and_alternate():
    (a,) = iter_articles([str(FIX / "feed_order.atom")])
    assert a.url == "https://harbour.example/news/ferry-timetable"
    assert a.published == datetime(2025, 5, 18, 7, 45, tzinfo=timezone(timedelta(hours=1)))
    assert a.modified == datetime(2025, 5, 20, 16, 0, tzinfo=timezone(timedelta(hours=1)))
    assert a.id == "tag:harbour.example,2025:ferry-7" and names(a.authors) == [("Lena Ortiz", P)]


def test_digest_source_line_uses_dates_and_authors():
    from wellsourced.digest import source_line

    a = read_article(str(FIX / "meta_byline.html"), annotate=False)
    assert source_line(a) == "Source: Ana Ruiz, Tom Hale (Reuters) · 2025-06-09"


def test_json_output_same_under_two_hash_seeds():
    import os
    import subprocess
    import sys

    files = [str(FIX / n) for n in ("meta_graph.html", "meta_byline.html", "feed_order.atom", "feed_latin1.rss")]
    code = "from wellsourced.cli import main; main()"
    outs = []
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        r = subprocess.run([sys.executable, "-c", code, "read", *files, "--json", "--no-facts"],
                           capture_output=True, env=env, check=True)
        outs.append(r.stdout)
    assert outs[0] == outs[1] and outs[0].count(b"\n") == 4
