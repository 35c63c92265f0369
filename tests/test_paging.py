"""The shared paging helper: page numbers as typed, pages from a select or a list, page links."""

import pytest
import sqlalchemy as sa
from flask import render_template_string

from training import paging
from training.accounts.models import User
from training.extensions import db


@pytest.mark.parametrize(
    ("typed", "number"),
    [
        (None, 1),
        ("", 1),
        ("3", 3),
        (" 3 ", 3),
        ("0", 1),
        ("-4", 1),
        ("abc", 1),
        ("2.5", 1),
        ("1e5", 1),
        ("٣", 1),  # a digit, but not one we count in
        ("²", 1),
        ("100000", paging.MAX_PAGE),
        ("100001", paging.MAX_PAGE),
        ("9" * 5000, paging.MAX_PAGE),  # longer than Python converts to an int
    ],
)
def test_a_typed_page_number_is_always_a_page(typed, number):
    assert paging.page_number(typed) == number


def _page(number, total, per_page=10):
    items = list(range(min(per_page, max(total - (number - 1) * per_page, 0))))
    return paging.Page(items, number, per_page, number * per_page < total, total)


@pytest.mark.parametrize(
    ("number", "total", "window"),
    [
        (1, 5, [1]),
        (1, 30, [1, 2, 3]),
        (5, 100, [1, None, 3, 4, 5, 6, 7, None, 10]),
        (10, 100, [1, None, 8, 9, 10]),
        (3, 100, [1, 2, 3, 4, 5, None, 10]),
    ],
)
def test_the_window_of_page_links_leaves_out_the_middle(number, total, window):
    assert _page(number, total).window() == window


def test_without_a_total_a_page_knows_no_window_nor_page_count():
    page = paging.Page([1, 2], 2, 2, has_next=True)
    assert (page.pages, page.window(), page.has_previous, page.offset) == (None, [], True, 2)
    assert not paging.Page([], 3, 2, has_next=False).items
    assert paging.Page([], 3, 2, has_next=False).beyond_end
    assert not paging.Page([], 1, 2, has_next=False).beyond_end


def _users(make_user, n):
    for i in range(n):
        make_user(name=f"Persoon {i:02d}")
    return sa.select(User).order_by(User.name, User.id)


def test_fetch_reads_one_row_more_than_it_shows(make_user):
    query = _users(make_user, 7)
    first = paging.fetch(db.session, query, 1, 3)
    last = paging.fetch(db.session, query, 3, 3)
    assert [u.name for u in first] == ["Persoon 00", "Persoon 01", "Persoon 02"]
    assert first.has_next and not first.has_previous and first.total is None
    assert [u.name for u in last] == ["Persoon 06"] and not last.has_next
    beyond = paging.fetch(db.session, query, 4, 3)
    assert beyond.beyond_end and not beyond.has_next
    assert paging.fetch(db.session, query, 10**12, 3).number == paging.MAX_PAGE


def test_counted_pages_know_their_total_and_stop_at_the_last_page(make_user):
    query = _users(make_user, 7)
    page = paging.counted(db.session, query, 99, 3)
    assert (page.number, page.pages, page.total, page.has_next) == (3, 3, 7, False)
    assert [u.name for u in page] == ["Persoon 06"]
    assert paging.counted(db.session, query, 0, 3).number == 1
    empty = paging.counted(db.session, query.where(sa.false()), 5, 3)
    assert (empty.number, empty.pages, empty.items, empty.beyond_end) == (1, 1, [], False)


def test_a_list_in_memory_is_paged_the_same_way():
    page = paging.of_list(list(range(60)), 3, 25)
    assert (page.items, page.total, page.pages, page.has_next) == (
        list(range(50, 60)),
        60,
        3,
        False,
    )
    assert paging.of_list(list(range(60)), 7, 25).number == 3


def test_the_page_holding_a_position():
    assert [paging.page_holding(p, 50) for p in (-1, 0, 49, 50, 120)] == [1, 1, 1, 2, 3]


def test_page_links_keep_the_other_arguments_and_only_those(app):
    url = "/journal/?categorie=bewustwording&pagina=3&_external=1&endpoint=x&categorie=b"
    with app.test_request_context(url):
        assert paging.requested_page() == 3 and paging.asked_for_page()
        link = paging.page_url(4)
        assert link.startswith("/journal/?pagina=4&")
        assert "categorie=bewustwording&categorie=b" in link
        assert "_external=1" in link and "endpoint=x" in link  # kept as typed, never obeyed
        assert paging.page_url(2, {"categorie": "x", "leeg": None}, "lijst") == (
            "/journal/?pagina=2&categorie=x#lijst"
        )
        assert paging.page_url(2, arg="leden").startswith("/journal/?leden=2&")
        assert "pagina=3" in paging.page_url(2, arg="leden")


def test_the_pager_names_the_page_and_links_both_ways(app):
    template = '{% from "macros/pager.html" import pager %}{{ pager(page) }}'
    with app.test_request_context("/journal/?pagina=2"):
        html = render_template_string(template, page=_page(2, 35))
        assert 'aria-label="Paginering"' in html
        assert "Pagina 2 van 4" in html
        assert 'href="/journal/?pagina=1" rel="prev"' in html
        assert 'href="/journal/?pagina=3" rel="next"' in html
        assert "Vorige" in html and "Volgende" in html
        unknown = paging.Page([1], 2, 1, has_next=True)
        html = render_template_string(template, page=unknown)
        assert "Pagina 2" in html and " van " not in html and 'rel="next"' in html
        html = render_template_string(template, page=paging.Page([], 9, 10, has_next=False))
        assert "Pagina 9 bestaat niet" in html and 'href="/journal/?pagina=1"' in html
        assert render_template_string(template, page=_page(1, 5)).strip() == ""
