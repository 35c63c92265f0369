"""A long thread in pages: where it opens, links to a post, read markers, constant queries."""

import re

import pytest
import sqlalchemy as sa

from tests.conftest import count_queries, log_in, post_form
from tests.intervision.conftest import membership
from training.clock import utcnow
from training.extensions import db
from training.intervision import posts, threads
from training.intervision.models import Notification, Post, Thread
from training.intervision.threads import POSTS_PER_PAGE


def add_posts(thread, author, count: int) -> list[int]:
    """`count` posts in one INSERT, counted on the thread as `add_post` counts them."""
    start = thread.post_count
    db.session.execute(
        sa.insert(Post),
        [
            {"thread_id": thread.id, "author_id": author.id, "phase": thread.phase,
             "body": f"Bericht {start + n}", "categories": [], "created_at": utcnow()}
            for n in range(count)
        ],
    )  # fmt: skip
    ids = list(
        db.session.scalars(sa.select(Post.id).where(Post.thread_id == thread.id).order_by(Post.id))
    )
    db.session.execute(
        sa.update(Thread)
        .where(Thread.id == thread.id)
        .values(post_count=len(ids), last_post_id=ids[-1], last_post_at=utcnow())
    )
    db.session.commit()
    db.session.refresh(thread)
    return ids


def shown(html: str) -> list[int]:
    """The post numbers a page shows ("Bericht 12" -> 12), in order."""
    return [int(n) for n in re.findall(r"<p>Bericht (\d+)</p>", html)]


def page_of(response) -> str:
    return response.headers["Location"]


@pytest.fixture
def long_thread(make_group, make_thread):
    """A thread of 120 posts by the inbrenger, and a reader who has not opened it yet."""
    group, (facilitator, inbrenger, reader) = make_group()
    thread = make_thread(group, inbrenger)
    ids = add_posts(thread, inbrenger, 120)
    return thread, ids, inbrenger, reader


def test_a_first_visit_opens_at_the_start_and_reads_only_that_page(client, long_thread):
    thread, ids, _inbrenger, reader = long_thread
    log_in(client, reader.email)
    html = client.get(f"/intervisie/draad/{thread.id}").get_data(as_text=True)
    assert shown(html) == list(range(50))
    assert "Pagina 1 van 3" in html
    assert f'href="/intervisie/draad/{thread.id}?pagina=2#berichten" rel="next"' in html
    assert '<nav aria-label="Pagina\'s van de berichten"' in html
    # the thread stays new for the reader: 70 posts are still unread
    assert threads.threads_of(thread.group, reader)[0].unread


def test_a_returning_reader_opens_at_the_first_post_they_have_not_read(client, long_thread):
    thread, ids, _inbrenger, reader = long_thread
    log_in(client, reader.email)
    client.get(f"/intervisie/draad/{thread.id}")
    html = client.get(f"/intervisie/draad/{thread.id}").get_data(as_text=True)
    assert shown(html) == list(range(50, 100))
    assert "Pagina 2 van 3" in html
    assert f'<a href="#bericht-{ids[50]}">Naar het eerste nieuwe bericht</a>' in html
    client.get(f"/intervisie/draad/{thread.id}?pagina=3")
    assert not threads.threads_of(thread.group, reader)[0].unread
    # everything read: the thread opens at the newest posts
    html = client.get(f"/intervisie/draad/{thread.id}").get_data(as_text=True)
    assert shown(html) == list(range(100, 120))
    assert "Naar het eerste nieuwe bericht" not in html


def test_reading_an_earlier_page_does_not_take_back_what_was_read(client, long_thread):
    thread, ids, _inbrenger, reader = long_thread
    log_in(client, reader.email)
    client.get(f"/intervisie/draad/{thread.id}?pagina=3")
    client.get(f"/intervisie/draad/{thread.id}?pagina=1")
    assert threads.read_state(thread.id, reader.id).last_read_post_id == ids[-1]


@pytest.mark.parametrize(("asked", "first"), [("abc", 0), ("-1", 0), ("0", 0), ("9" * 30, 100)])
def test_any_page_number_opens_a_page_of_the_thread(client, long_thread, asked, first):
    thread, _ids, _inbrenger, reader = long_thread
    log_in(client, reader.email)
    response = client.get(f"/intervisie/draad/{thread.id}?pagina={asked}")
    assert response.status_code == 200
    assert shown(response.get_data(as_text=True))[0] == first


def test_a_link_to_a_post_opens_the_page_that_holds_it(app, client, long_thread, make_user):
    thread, ids, _inbrenger, reader = long_thread
    log_in(client, reader.email)
    for index, page in ((0, 1), (49, 1), (50, 2), (119, 3)):
        response = client.get(f"/intervisie/bericht/{ids[index]}")
        assert page_of(response) == (
            f"/intervisie/draad/{thread.id}?pagina={page}#bericht-{ids[index]}"
        )
    outsider = app.test_client()
    log_in(outsider, make_user().email)
    assert outsider.get(f"/intervisie/bericht/{ids[0]}").status_code == 404


def test_a_reply_to_a_post_on_another_page_links_to_that_post(client, long_thread):
    thread, ids, inbrenger, reader = long_thread
    group = thread.group
    nearby = posts.add_post(
        thread, membership(group, reader), body="Dichtbij", reply_to_id=ids[110]
    )
    far = posts.add_post(thread, membership(group, reader), body="Ver weg", reply_to_id=ids[3])
    db.session.commit()
    log_in(client, inbrenger.email)
    html = client.get(f"/intervisie/draad/{thread.id}?pagina=3").get_data(as_text=True)
    assert f'href="#bericht-{ids[110]}"' in html
    assert f'href="/intervisie/bericht/{ids[3]}"' in html
    assert f'id="bericht-{nearby.id}"' in html and f'id="bericht-{far.id}"' in html
    # replying from page 3 keeps the reader on page 3
    assert f"reageer={ids[110]}&amp;pagina=3#bericht-schrijven" in html


def test_marking_a_post_helpful_returns_to_its_page(client, long_thread):
    thread, ids, _inbrenger, reader = long_thread
    log_in(client, reader.email)
    response = post_form(
        client, f"/intervisie/bericht/{ids[60]}/nuttig", {},
        page=f"/intervisie/draad/{thread.id}?pagina=2",
    )  # fmt: skip
    assert page_of(response) == f"/intervisie/draad/{thread.id}?pagina=2#bericht-{ids[60]}"
    html = client.get(f"/intervisie/draad/{thread.id}?pagina=2").get_data(as_text=True)
    assert "1 × nuttig" in html and "Niet meer nuttig" in html


def test_a_new_post_leads_to_the_last_page(client, long_thread, guard_ready):
    thread, ids, _inbrenger, reader = long_thread
    log_in(client, reader.email)
    response = post_form(
        client, f"/intervisie/draad/{thread.id}?pagina=1", {"body": "Wat een goede vraag."}
    )
    db.session.expire_all()
    [new] = [p for p in threads.thread_page(thread, reader, 3).posts if p.id not in ids]
    assert page_of(response) == f"/intervisie/draad/{thread.id}?pagina=3#bericht-{new.id}"


def _thread_queries(client, paths) -> list[int]:
    counts = []
    for path in paths:
        with count_queries() as statements:
            assert client.get(path).status_code == 200
        counts.append(len(statements))
    return counts


def test_every_way_into_a_thread_runs_the_same_queries_for_3_or_120_posts(
    app, make_group, make_thread
):
    group, (facilitator, inbrenger, small_reader, large_reader) = make_group(members=3)
    measured = []
    for reader, size in ((small_reader, 3), (large_reader, 120)):
        thread = make_thread(group, inbrenger, title=f"Draad van {size}")
        add_posts(thread, inbrenger, size)
        path = f"/intervisie/draad/{thread.id}"
        client = app.test_client()
        log_in(client, reader.email)
        first = _thread_queries(client, [path, path + "?pagina=1"])
        add_posts(thread, inbrenger, 2)  # something new since the last visit
        again = _thread_queries(client, [path, path + "?pagina=1"])
        measured.append(first + again)
        db.session.execute(sa.delete(Notification))
        db.session.commit()
    assert measured[0] == measured[1], measured
    assert POSTS_PER_PAGE == 50


def test_a_marker_made_by_another_request_in_the_meantime_is_used_not_duplicated(
    app, long_thread, monkeypatch
):
    """Two tabs open a thread at once: both look, find no marker, and insert one. The second
    insert must give way (ON CONFLICT DO NOTHING) rather than end in an IntegrityError (a 500)."""
    thread, _ids, _inbrenger, reader = long_thread
    # the other request's marker, committed on its own connection
    with db.engine.begin() as other:
        other.execute(
            sa.insert(threads.ThreadRead).values(
                thread_id=thread.id, user_id=reader.id, last_read_post_id=7, seen=True
            )
        )
    # this request looked just before that commit and saw nothing
    calls = []
    real_scalar = db.session.scalar

    def scalar_too_early(*args, **kwargs):
        calls.append(args)
        return None if len(calls) == 1 else real_scalar(*args, **kwargs)

    monkeypatch.setattr(db.session, "scalar", scalar_too_early)
    state = threads.read_state(thread.id, reader.id)
    db.session.commit()
    assert (state.last_read_post_id, state.seen) == (7, True)
    markers = db.session.scalar(
        sa.select(sa.func.count()).where(
            threads.ThreadRead.thread_id == thread.id, threads.ThreadRead.user_id == reader.id
        )
    )
    assert markers == 1
