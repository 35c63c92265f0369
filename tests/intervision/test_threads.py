"""Threads: phases and their rules, posts, replies, helpful marks, takeaway, unread markers."""

import threading
from datetime import timedelta

import pytest
import sqlalchemy as sa

from tests.conftest import count_queries, log_in, post_form
from tests.intervision.conftest import membership
from training.accounts.models import User
from training.clock import utcnow
from training.competence.models import Evidence
from training.extensions import db
from training.intervision import access, groups, posts, threads
from training.intervision.errors import IntervisionError
from training.intervision.models import Post
from training.journal.models import JournalEntry


def _posts(thread):
    return list(
        db.session.scalars(sa.select(Post).where(Post.thread_id == thread.id).order_by(Post.id))
    )


def test_only_the_facilitator_moves_a_structured_thread_on(make_group, make_thread):
    group, (facilitator, member, _) = make_group()
    thread = make_thread(group, member)
    with pytest.raises(IntervisionError):
        threads.advance_phase(thread, membership(group, member))
    threads.advance_phase(thread, membership(group, facilitator))
    assert thread.phase == 1


def test_inbrenger_moves_a_free_discussion_on(make_group, make_thread):
    group, (_, member, other) = make_group()
    thread = make_thread(group, member, method="vrij")
    with pytest.raises(IntervisionError):
        threads.advance_phase(thread, membership(group, other))
    threads.advance_phase(thread, membership(group, member))
    assert thread.phase == 1


def test_last_phase_cannot_be_passed(make_group, make_thread):
    group, (facilitator, member, _) = make_group()
    thread = make_thread(group, member, method="balint")
    for _ in range(3):
        threads.advance_phase(thread, membership(group, facilitator))
    with pytest.raises(IntervisionError, match="laatste fase"):
        threads.advance_phase(thread, membership(group, facilitator))
    assert thread.phase == 3


def test_each_post_belongs_to_the_phase_it_was_written_in(make_group, make_thread):
    group, (facilitator, member, other) = make_group()
    thread = make_thread(group, member)
    posts.add_post(thread, membership(group, member), body="Het voorval van dinsdag.")
    threads.advance_phase(thread, membership(group, facilitator))
    posts.add_post(thread, membership(group, other), body="Wie was erbij?")
    assert [p.phase for p in _posts(thread)] == [0, 1]


def test_server_refuses_inbrenger_post_in_silent_phase(client, make_group, make_thread):
    group, (facilitator, member, _) = make_group()
    thread = make_thread(group, member, method="roddelmethode")
    thread.phase = 2  # roddelfase
    db.session.commit()
    log_in(client, member.email)
    page = client.get(f"/intervisie/draad/{thread.id}").get_data(as_text=True)
    assert "luister je als inbrenger" in page
    assert 'id="bericht-formulier"' not in page
    response = post_form(
        client, f"/intervisie/draad/{thread.id}", {"body": "Maar zo zit het niet!"},
        page=f"/intervisie/groep/{group.id}", follow_redirects=True,
    )  # fmt: skip
    assert "luister je als inbrenger" in response.get_data(as_text=True)
    assert _posts(thread) == []


def test_other_members_may_post_in_silent_phase(make_group, make_thread):
    group, (_, member, other) = make_group()
    thread = make_thread(group, member, method="roddelmethode")
    thread.phase = 2
    posts.add_post(thread, membership(group, other), body="Ik denk dat zij bang is.")
    assert len(_posts(thread)) == 1


def test_closed_thread_takes_no_posts(make_group, make_thread):
    group, (_, member, other) = make_group()
    thread = make_thread(group, member, method="vrij")
    threads.close_thread(
        thread, membership(group, member), takeaway="Ik bel eerst zijn zus.", categories=[],
        confidence="2", to_journal=False,
    )  # fmt: skip
    with pytest.raises(IntervisionError, match="afgesloten"):
        posts.add_post(thread, membership(group, other), body="Nog een idee")


def test_structured_thread_closes_only_in_its_last_phase(make_group, make_thread):
    group, (facilitator, member, _) = make_group()
    thread = make_thread(group, member, method="vijfstappenmethode")
    with pytest.raises(IntervisionError):
        threads.close_thread(
            thread, membership(group, member), takeaway="x", categories=[], confidence="2",
            to_journal=False,
        )  # fmt: skip
    thread.phase = 4
    with pytest.raises(IntervisionError):
        threads.close_thread(
            thread, membership(group, facilitator), takeaway="x", categories=[], confidence="2",
            to_journal=False,
        )  # fmt: skip
    assert not thread.is_closed


def test_takeaway_records_self_evidence_and_journal_entry(synced_content, make_group, make_thread):
    group, (_, member, _) = make_group()
    thread = make_thread(group, member, method="vrij")
    threads.close_thread(
        thread, membership(group, member), takeaway="Ik nodig zijn zus uit voor een driegesprek.",
        categories=["relatieherstel", "sociale-vaardigheden"], confidence="3", to_journal=True,
    )  # fmt: skip
    db.session.commit()
    evidence = db.session.scalars(sa.select(Evidence).where(Evidence.user_id == member.id)).all()
    assert sorted(e.kind for e in evidence) == ["self", "self"]
    assert {e.score for e in evidence} == {0.75}
    entry = db.session.scalar(sa.select(JournalEntry).where(JournalEntry.user_id == member.id))
    assert "driegesprek" in entry.answers["tekst"] and not entry.shared_with_trainers


def test_helpful_mark_is_peer_evidence_and_can_be_taken_back(
    synced_content, make_group, make_thread
):
    group, (facilitator, member, other) = make_group()
    thread = make_thread(group, member)
    post = posts.add_post(
        thread, membership(group, other), body="Vraag wat zijn zus nodig heeft.",
        categories=["sociale-verantwoordelijkheid"],
    )  # fmt: skip
    assert posts.toggle_helpful(post, member) is True
    peer = sa.select(Evidence).where(Evidence.user_id == other.id, Evidence.kind == "peer")
    assert len(db.session.scalars(peer).all()) == 1
    assert posts.toggle_helpful(post, member) is False
    assert db.session.scalars(peer).all() == []
    with pytest.raises(IntervisionError):
        posts.toggle_helpful(post, other)


def test_author_edits_within_window_and_post_is_marked_edited(client, make_group, make_thread):
    group, (_, member, other) = make_group()
    thread = make_thread(group, member)
    post = posts.add_post(thread, membership(group, other), body="Eerste versie")
    db.session.commit()
    log_in(client, other.email)
    url = f"/intervisie/bericht/{post.id}/bewerken"
    post_form(client, url, {"body": "Tweede versie"})
    db.session.refresh(post)
    assert post.body == "Tweede versie" and post.edited_at is not None
    assert "bewerkt" in client.get(f"/intervisie/draad/{thread.id}").get_data(as_text=True)


def test_editing_after_the_window_is_refused(make_group, make_thread):
    group, (_, member, other) = make_group()
    thread = make_thread(group, member)
    post = posts.add_post(thread, membership(group, other), body="Eerste versie")
    later = utcnow() + access.EDIT_WINDOW + timedelta(seconds=1)
    with pytest.raises(IntervisionError, match="kwartier"):
        posts.edit_post(post, thread, other, body="Te laat", categories=[], now=later)
    assert post.body == "Eerste versie"


def test_removed_post_leaves_a_mark_and_only_author_or_facilitator_removes(
    client, make_group, make_thread
):
    group, (facilitator, member, other) = make_group()
    thread = make_thread(group, member)
    post = posts.add_post(thread, membership(group, other), body="Iets wat weg moet")
    db.session.commit()
    with pytest.raises(IntervisionError):
        posts.remove_post(post, membership(group, member))
    log_in(client, facilitator.email)
    post_form(client, f"/intervisie/bericht/{post.id}/verwijderen", {})
    db.session.refresh(post)
    assert post.is_removed and post.body == ""
    html = client.get(f"/intervisie/draad/{thread.id}").get_data(as_text=True)
    assert "Dit bericht is verwijderd." in html and "Iets wat weg moet" not in html


def test_reply_must_quote_a_post_of_the_same_thread(make_group, make_thread):
    group, (facilitator, member, other) = make_group()
    first = make_thread(group, member)
    second = make_thread(group, other, title="Een andere casus")
    elsewhere = posts.add_post(second, membership(group, facilitator), body="Elders")
    with pytest.raises(IntervisionError, match="in deze casus"):
        posts.add_post(first, membership(group, other), body="Reactie", reply_to_id=elsewhere.id)
    mine = posts.add_post(first, membership(group, facilitator), body="Vraag")
    reply = posts.add_post(first, membership(group, member), body="Antwoord", reply_to_id=mine.id)
    assert reply.reply_to_id == mine.id


def test_unread_marker_per_thread_and_per_group(client, make_group, make_thread):
    group, (facilitator, member, _) = make_group()
    thread = make_thread(group, member)
    [summary] = groups.groups_of(facilitator)
    assert summary.unread_threads == 1
    assert threads.threads_of(group, facilitator)[0].unread
    log_in(client, facilitator.email)
    client.get(f"/intervisie/draad/{thread.id}")
    assert not threads.threads_of(group, facilitator)[0].unread
    posts.add_post(thread, membership(group, member), body="Aanvulling")
    db.session.commit()
    assert threads.threads_of(group, facilitator)[0].unread
    assert groups.groups_of(facilitator)[0].unread_threads == 1


def test_concurrent_posts_are_all_kept_in_order(app, make_group, make_thread):
    group, users = make_group(members=3)
    thread = make_thread(group, users[1])
    thread_id, user_ids, group_id = thread.id, [u.id for u in users], group.id
    errors = []

    def write(user_id: int) -> None:
        try:
            with app.app_context():
                user = db.session.get(User, user_id)
                found = access.thread_for_member(user, thread_id)
                for n in range(5):
                    posts.add_post(found[0], found[1], body=f"bericht {n} van {user_id}")
                    db.session.commit()
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    workers = [threading.Thread(target=write, args=(uid,)) for uid in user_ids]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert errors == []
    db.session.expire_all()
    stored = _posts(db.session.get(type(thread), thread_id))
    assert len(stored) == 20
    assert len(user_ids) == 4
    for uid in user_ids:
        own = [p.body for p in stored if p.author_id == uid]
        assert own == [f"bericht {n} van {uid}" for n in range(5)]
    refreshed = access.thread_for_member(users[0], thread_id)[0]
    assert refreshed.post_count == 20 and refreshed.last_post_id == stored[-1].id
    assert group_id == refreshed.group_id


def test_thread_page_runs_the_same_queries_for_2_or_200_posts(client, make_group, make_thread):
    group, (facilitator, member, other) = make_group()
    thread = make_thread(group, member)
    log_in(client, facilitator.email)
    counts = []
    for total in (2, 200):
        while thread.post_count < total:
            author = other if thread.post_count % 2 else facilitator
            previous = thread.last_post_id or None
            post = posts.add_post(
                thread, membership(group, author), body=f"Bericht {thread.post_count}",
                reply_to_id=previous, categories=["relatieherstel"],
            )  # fmt: skip
            if thread.post_count % 3 == 0:
                posts.toggle_helpful(post, member)
        db.session.commit()
        with count_queries() as statements:
            assert client.get(f"/intervisie/draad/{thread.id}").status_code == 200
        counts.append(len(statements))
    assert counts[0] == counts[1], "\n".join(statements[:40])
