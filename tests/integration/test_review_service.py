"""The review queue: confirm, reject, add, override sentiment, conflicts; feeding the learner."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from _feedback_support import make_actor, make_input
from sqlalchemy import func, select

from voiceapp.db.models import Feedback, FeedbackTheme, Theme, ThemeModelStore
from voiceapp.domain.enums import UserRole
from voiceapp.errors import ConcurrentEditError, PermissionDenied, ValidationError
from voiceapp.services import feedback as fb
from voiceapp.services import review

TEXTS = [
    "Still waiting for the EHC plan after 30 weeks, nobody calls back.",
    "The school taxi never turns up on time and the transport team ignore emails.",
    "Thank you to our social worker who listened to our son and explained everything.",
]


@pytest.fixture
def setup(database):
    officer = make_actor(database, "officer1", UserRole.OFFICER)
    viewer = make_actor(database, "viewer1", UserRole.BOARD_VIEWER)
    made = [fb.create_feedback(database, officer, make_input(
        database, text=t, received_on=date.today() - timedelta(days=10 - i)))
        for i, t in enumerate(TEXTS)]
    return officer, viewer, made


def test_queue_lists_unreviewed_newest_first_with_keyset_paging(database, setup):
    officer, viewer, made = setup
    assert review.review_count(database, officer) == 3
    first = review.review_queue(database, officer, limit=2)
    assert [i.id for i in first] == [made[2].id, made[1].id]
    rest = review.review_queue(database, officer, limit=2,
                               before=(first[-1].received_on, first[-1].id))
    assert [i.id for i in rest] == [made[0].id]
    assert all(t.status == "suggested" for t in first[0].themes)
    with pytest.raises(PermissionDenied):
        review.review_queue(database, viewer)


def test_submit_review_confirms_rejects_adds_and_overrides(database, setup):
    officer, _, made = setup
    item = review.review_item(database, officer, made[0].id)
    suggested = [t.theme_id for t in item.themes]
    assert suggested
    with database.read_session() as s:
        extra = s.scalar(select(Theme.id).where(Theme.slug == "listening"))
    decisions = {suggested[0]: True, **{t: False for t in suggested[1:]}}
    after = review.submit_review(database, officer, item.id, item.version, review.ReviewDecision(
        themes=decisions, added_theme_ids=(extra,), sentiment_override="neutral"))
    status = {t.theme_id: t.status for t in after.themes}
    assert status[suggested[0]] == "confirmed"
    assert all(status[t] == "rejected" for t in suggested[1:])
    assert status[extra] == "confirmed"
    assert after.sentiment_override == "neutral"
    assert review.review_count(database, officer) == 2
    detail = fb.get_feedback(database, officer, item.id)
    assert detail.needs_review is False and detail.effective_sentiment == "neutral"
    assert detail.sentiment_label != "neutral" or detail.sentiment_override == "neutral"
    assert detail.history[-1].action == "review"
    assert "confirmed" in detail.history[-1].summary


def test_undecided_suggestions_keep_the_record_in_the_queue(database, setup):
    officer, _, made = setup
    item = review.review_item(database, officer, made[1].id)
    if len(item.themes) < 2:
        pytest.skip("needs two suggestions")
    review.submit_review(database, officer, item.id, item.version,
                         review.ReviewDecision(themes={item.themes[0].theme_id: True}))
    assert item.id in {i.id for i in review.review_queue(database, officer)}


def test_review_conflict_when_record_changed_meanwhile(database, setup):
    officer, _, made = setup
    item = review.review_item(database, officer, made[2].id)
    manager = make_actor(database, "manager1", UserRole.MANAGER)
    fb.update_feedback(database, manager, item.id, made[2].version,
                       fb.FeedbackInput(**{**made[2].as_input().__dict__,
                                           "text": made[2].text + " Really."}))
    with pytest.raises(ConcurrentEditError) as err:
        review.submit_review(database, officer, item.id, item.version,
                             review.ReviewDecision(themes={}))
    assert err.value.theirs.text.endswith("Really.")


def test_bad_override_refused(database, setup):
    officer, _, made = setup
    item = review.review_item(database, officer, made[0].id)
    with pytest.raises(ValidationError):
        review.submit_review(database, officer, item.id, item.version,
                             review.ReviewDecision(themes={}, sentiment_override="furious"))


def test_override_and_restore(database, setup):
    officer, _, made = setup
    review.set_sentiment_override(database, officer, made[2].id, "negative")
    assert fb.get_feedback(database, officer, made[2].id).effective_sentiment == "negative"
    review.set_sentiment_override(database, officer, made[2].id, None)
    d = fb.get_feedback(database, officer, made[2].id)
    assert d.sentiment_override is None and d.effective_sentiment == d.sentiment_label


def test_confirmations_feed_the_learner(database, setup):
    officer, _, made = setup
    with database.read_session() as s:
        transport = s.scalar(select(Theme.id).where(Theme.slug == "transport"))
        waiting = s.scalar(select(Theme.id).where(Theme.slug == "timeliness.waiting_lists"))
    # One review through the queue...
    item = review.review_item(database, officer, made[1].id)
    review.submit_review(database, officer, item.id, item.version, review.ReviewDecision(
        themes={t.theme_id: t.theme_id == transport for t in item.themes},
        added_theme_ids=(transport,)))
    from voiceapp.services.learning import training_examples

    examples = training_examples(database)
    assert (TEXTS[1], ["transport"]) in [(t, sorted(slugs)) for t, slugs in examples]
    # ...and enough earlier confirmations for the learner to train (it needs 20).
    texts = ["The bus to school was late again, transport is a nightmare.",
             "Home to school transport did not turn up today.",
             "Still on the waiting list for CAMHS after a year.",
             "Waiting list for speech therapy is two years."] * 6
    with database.session() as s:
        for t in texts:
            f = Feedback(kind="comment", received_on=date.today(), text=t, needs_review=False)
            s.add(f)
            s.flush()
            s.add(FeedbackTheme(feedback_id=f.id, source="officer", status="confirmed",
                                theme_id=transport if "transport" in t else waiting))
    with database.read_session() as s:
        models_before = s.scalar(select(func.count()).select_from(ThemeModelStore))
    assert review.retrain_after_review(database) is True
    with database.read_session() as s:
        assert s.scalar(select(func.count()).select_from(ThemeModelStore)) == models_before + 1
