"""Metadata rules of stop 26 (issue 14), decided on half A of wcxb-dev: bylines and dates."""
from datetime import date

import pytest

from wellsourced.read import read_string

P, O = "person", "organization"
PARAS = "".join(f"<p>The depot on Mill Road will house the new trams, said a council officer, sentence {i}.</p>" for i in range(8))
H1 = "<h1>Tram depot to open in the spring</h1>"


def _read(body: str, head: str = ""):
    page = f"<html><head><title>Tram depot to open</title>{head}</head><body>{body}</body></html>"
    return read_string(page, fmt="html", where="page", annotate=False)


def names(authors):
    return [(a.name, a.kind) for a in authors]


@pytest.mark.parametrize("body,expected", [
    # a menu's links to staff pages and the site footer's "Web design by" credit are no byline
    (f"<nav><ul><li><a href='/people/faculty'>Program Faculty Members</a></li></ul></nav>{H1}{PARAS}", []),
    (f"{H1}{PARAS}<footer><p><a href='/design'>Web Design</a> by Harbour Pixel Works</p></footer>", []),
    # ... but a footer inside the article is the article's own
    (f"<article>{H1}{PARAS}<footer><p>Posted by Ana Ruiz</p></footer></article>", [("Ana Ruiz", P)]),
    # ... and so is a <nav> around the headline (an unclosed element that swallowed the article)
    (f"<nav><a href='/'>Home</a>{H1}<p><a href='/author/ana-ruiz'>Ana Ruiz</a></p>{PARAS}</nav>", [("Ana Ruiz", P)]),
])
def test_menus_and_site_footer_are_no_byline(body, expected):
    assert names(_read(body).authors) == expected


@pytest.mark.parametrize("body,expected", [
    # a card crediting a team does not hide the person credited further down
    (f"{H1}<p>By The Data Team</p>{PARAS}<p>Written by <a href='https://example.org/u/ana'>Ana Ruiz</a></p>",
     [("Ana Ruiz", P), ("The Data Team", O)]),
    # ... and is the credit when no person is named
    (f"{H1}<p>By The Data Team</p>{PARAS}", [("The Data Team", O)]),
])
def test_a_team_byline_gives_way_to_a_person(body, expected):
    assert names(_read(body).authors) == expected


LD_HANDLE = ('<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Tram depot to open",'
             ' "author": {"@type": "Person", "name": "rivertram.admin"}}</script>')


@pytest.mark.parametrize("body,expected", [
    # a one-word account name in JSON-LD gives way to a byline naming a person ...
    (f"{H1}<p class='author-name'>By Ana Ruiz</p>{PARAS}", [("Ana Ruiz", P)]),
    # ... and is the author when nothing else names anyone
    (f"{H1}{PARAS}", [("rivertram.admin", P)]),
])
def test_json_ld_account_name_as_a_last_resort(body, expected):
    assert names(_read(body, LD_HANDLE).authors) == expected


@pytest.mark.parametrize("text,expected", [
    # credits for the site's makers, "role: name", are no byline ...
    ("content: Harbour Courier, design: Tom Hale, code: Lena Ortiz", []),
    # ... while an author label names the author
    ("Author: Ana Ruiz", [("Ana Ruiz", P)]),
    ("Text: Ana Ruiz; photos: Tom Hale", [("Ana Ruiz", P)]),
])
def test_labelled_credits_in_a_byline(text, expected):
    from wellsourced.read.meta import parse_byline

    assert names(parse_byline(text)) == expected


def test_site_credits_in_the_author_tag_give_way_to_the_byline():
    head = '<meta name="author" content="content: Harbour Courier, design: Tom Hale, code: Lena Ortiz">'
    assert names(_read(f"{H1}<p><span class='author'>By Ana Ruiz</span></p>{PARAS}", head).authors) == [("Ana Ruiz", P)]


def test_short_site_name_as_author_is_the_outlet():
    """'HCA' in the author tag of hca.example is the site crediting itself, however short, also when
    the site names itself after a section."""
    site = '<meta property="og:site_name" content="Transport">'
    head = site + '<meta name="author" content="HCA"><meta property="og:url" content="https://www.hca.example/news/depot">'
    assert _read(f"{H1}{PARAS}", head).authors == []
    head = site + '<meta name="author" content="HCA"><meta property="og:url" content="https://www.courier.example/news/depot">'
    assert names(_read(f"{H1}{PARAS}", head).authors) == [("HCA", P)]


def test_author_filter_links_name_the_authors():
    """A library's record links each author to '?author=Name': those links name the authors."""
    body = (f"{H1}<ul><li><a href='/library/?_author=Ana%20Ruiz'>Ana Ruiz</a></li>"
            f"<li><a href='/library/?author=Tom%20Hale'>Tom Hale</a></li></ul>{PARAS}")
    assert names(_read(body).authors) == [("Ana Ruiz", P), ("Tom Hale", P)]


def test_a_time_marked_as_modified_is_not_the_publication_date():
    modified = "<div class='post-date__modified-date'><time datetime='2026-02-01T09:58:04+02:00'>February 1</time></div>"
    assert _read(f"{H1}{modified}{PARAS}").published is None
    published = "<div class='post-date'><time datetime='2025-11-03T08:00:00+02:00'>3 Nov</time></div>"
    assert _read(f"{H1}{published}{modified}{PARAS}").published.date() == date(2025, 11, 3)


@pytest.mark.parametrize("tail,expected", [
    # an element whose class says it holds the publication date dates the page, wherever it is ...
    ("<div><span class='tb-published-date'>Published On: 15 August 2025</span></div>", date(2025, 8, 15)),
    # ... but a date in an element classed otherwise, far from the headline, does not
    ("<div><span class='note'>Published On: 15 August 2025</span></div>", None),
])
def test_date_in_an_element_classed_as_published(tail, expected):
    assert _read(f"{H1}{PARAS * 3}{tail}").published == expected


@pytest.mark.parametrize("body,expected", [
    # the article's own <header> holds its headline (HTML5) ...
    (f"<article><header><h1>Councillors back the depot after a long debate</h1></header>{PARAS}</article>",
     "Councillors back the depot after a long debate"),
    # ... the site's header holds its name
    (f"<header><h1>The Riverside Courier Daily</h1></header><article>{PARAS}</article>", "Tram depot to open"),
])
def test_headline_in_the_articles_own_header(body, expected):
    assert _read(body, '<meta property="og:title" content="Tram depot to open">').title == expected


def test_a_listing_of_times_is_not_the_articles_date():
    """Dated <time>s of other articles ('Recent news') that disagree say nothing about this one's
    date; the article's own <time> does."""
    recent = "".join(f"<li><a href='/n{i}'>Story {i}</a> <time class='date' datetime='2025-12-0{i}'>Dec {i}</time></li>"
                     for i in range(1, 4))
    body = f"<aside><ul>{recent}</ul></aside><article>{H1}<p><time datetime='2017-03-01'>03/01/2017</time></p>{PARAS}</article>"
    assert _read(body).published == date(2017, 3, 1)


@pytest.mark.parametrize("after,expected", [
    # a month-first date alone in its element just after the headline is the article's date ...
    ("<ul><li>By Ana Ruiz</li><li class='meta'>2/24/2026</li></ul>", date(2026, 2, 24)),
    # ... one inside a sentence is not
    ("<p>This estimate is valid through 01/23/2026. Prices may vary.</p>", None),
])
def test_slashed_date_field_beside_the_headline(after, expected):
    assert _read(f"{H1}{after}{PARAS}").published == expected
