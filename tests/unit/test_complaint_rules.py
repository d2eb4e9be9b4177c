"""Complaint procedure templates, stage clocks and transitions.

Expected dates were counted by hand against the England and Wales calendar; the comments give the
count where holidays are involved. Day 0 is the (deemed) day of receipt.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

import pytest

from voiceapp.domain.complaint_rules import (
    CORPORATE_SEND,
    STATUTORY_CSC,
    ComplaintState,
    Milestone,
    Pause,
    ProcedureTemplate,
    RuleViolation,
    StageClock,
    StageStatus,
    StageTemplate,
    acknowledge,
    can_escalate,
    default_procedures,
    escalate,
    extend,
    pause,
    record_milestone,
    record_ombudsman_decision,
    refer_to_ombudsman,
    respond,
    resume,
    start_complaint,
    with_current_stage,
    withdraw,
)
from voiceapp.domain.enums import OmbudsmanDecision, ProcedureKind, StageOutcome
from voiceapp.domain.working_days import WorkingDayCalendar
from voiceapp.errors import VoiceappError

CSC1, CSC2, CSC3 = STATUTORY_CSC.stages
CORP1, CORP2 = CORPORATE_SEND.stages

UPHELD = StageOutcome.UPHELD


def csc1(received: date = date(2023, 12, 22), **kw) -> StageClock:
    return StageClock(CSC1, received, **kw)


# =============================================================================================
# Templates
# =============================================================================================


def test_default_procedures() -> None:
    procedures = default_procedures()
    assert [p.kind for p in procedures] == [
        ProcedureKind.STATUTORY_CSC,
        ProcedureKind.CORPORATE_SEND,
    ]
    for p in procedures:
        assert p.validate() is p
    assert [(s.response_days, s.max_extended_days) for s in STATUTORY_CSC.stages] == [
        (10, 20),
        (25, 65),
        (50, None),
    ]
    assert [(m.key, m.days, m.from_key) for m in CSC3.milestones] == [
        ("panel", 30, None),
        ("findings", 5, "panel"),
        ("response", 15, "findings"),
    ]
    assert CSC1.acknowledge_days == 3 and CSC1.escalation_window_days == 20
    assert CSC2.escalation_window_days == 20
    assert (CORP1.acknowledge_days, CORP1.response_days, CORP1.max_extended_days) == (5, 10, 20)
    assert (CORP2.acknowledge_days, CORP2.response_days, CORP2.max_extended_days) == (5, 20, 30)
    assert CORP1.escalation_window_days == 20
    assert STATUTORY_CSC.last_stage_number == 3 and CORPORATE_SEND.last_stage_number == 2


@pytest.mark.parametrize("template", [STATUTORY_CSC, CORPORATE_SEND])
def test_template_round_trip_through_json(template: ProcedureTemplate) -> None:
    stored = json.dumps(template.to_dict())
    again = ProcedureTemplate.from_dict(json.loads(stored))
    assert again == template
    assert again.to_dict() == template.to_dict()


def test_template_to_dict_shape() -> None:
    d = CORPORATE_SEND.to_dict()
    assert d["kind"] == "corporate_send"
    assert d["stages"][0] == {
        "number": 1,
        "name": "Stage 1 response",
        "response_days": 10,
        "max_extended_days": 20,
        "acknowledge_days": 5,
        "pause_allowed": True,
        "escalation_window_days": 20,
        "milestones": [],
    }


def _one_stage(**kw) -> ProcedureTemplate:
    base = dict(number=1, name="Local resolution", response_days=10, max_extended_days=20)
    base.update(kw)
    return ProcedureTemplate(ProcedureKind.OTHER, "x", "Test procedure", (StageTemplate(**base),))


def test_validation_negative_days() -> None:
    with pytest.raises(RuleViolation) as err:
        _one_stage(response_days=-5).validate()
    assert err.value.message == (
        "The Test procedure template cannot be saved: Stage 1 (Local resolution): the response "
        "time cannot be negative (-5); enter a number of working days of 1 or more."
    )
    assert isinstance(err.value, VoiceappError)


def test_validation_extension_shorter_than_response() -> None:
    with pytest.raises(RuleViolation) as err:
        _one_stage(response_days=10, max_extended_days=5).validate()
    assert err.value.problems == [
        "Stage 1 (Local resolution): the maximum with an extension (5 working days) is shorter "
        "than the response time (10 working days). An extension can only make the time longer; "
        "leave the maximum blank if the stage cannot be extended."
    ]


@pytest.mark.parametrize(
    ("kw", "expected"),
    [
        ({"response_days": 0}, "the response time must be at least 1 working day, not 0"),
        ({"acknowledge_days": 15}, "the acknowledgement time (15 working days) is longer"),
        ({"acknowledge_days": -1}, "the acknowledgement time cannot be negative (-1)"),
        ({"escalation_window_days": 0}, "the escalation window must be at least 1 working day"),
        ({"response_days": 1000}, "is more than a year"),
        ({"response_days": 2.5}, "must be a whole number of working days"),
        ({"name": " "}, "Stage 1 needs a name."),
    ],
)
def test_validation_messages(kw: dict, expected: str) -> None:
    with pytest.raises(RuleViolation) as err:
        _one_stage(**kw).validate()
    assert expected in err.value.message


def test_validation_of_stage_numbering_and_procedure_fields() -> None:
    bad = ProcedureTemplate(
        ProcedureKind.OTHER, "", "", (replace(CORP1, number=1), replace(CORP2, number=3))
    )
    problems = bad.problems()
    assert "The procedure needs a short code." in problems
    assert "The procedure needs a name." in problems
    assert "Stages must be numbered 1, 2, 3... in order; stage 2 is numbered 3." in problems
    empty = ProcedureTemplate(ProcedureKind.OTHER, "x", "Empty", ())
    assert empty.problems() == ["The procedure needs at least one stage."]


def test_validation_of_milestones() -> None:
    wrong_total = replace(CSC3, response_days=45)
    assert (
        "Stage 3 (Review panel): the response time (45 working days) must equal the milestones "
        "added up (30 + 5 + 15 = 50)."
    ) in wrong_total.problems()
    out_of_order = replace(
        CSC3,
        milestones=(
            Milestone("panel", "Review panel convened", 30),
            Milestone("findings", "Panel findings sent", 5, "response"),
            Milestone("response", "Authority's response sent", 15, "findings"),
        ),
    )
    assert any("must count from 'panel', not from 'response'" in p for p in out_of_order.problems())
    pausable = replace(CSC3, pause_allowed=True, max_extended_days=60)
    assert (
        "Stage 3 (Review panel): a stage with milestones cannot be paused; untick 'pause allowed'."
        in pausable.problems()
    )
    assert any("cannot be extended" in p for p in pausable.problems())


def test_from_dict_errors_are_plain_english() -> None:
    data = CORPORATE_SEND.to_dict()
    del data["stages"][1]["response_days"]
    with pytest.raises(RuleViolation, match="Stage 2 of the procedure template is missing "):
        ProcedureTemplate.from_dict(data)
    data = CORPORATE_SEND.to_dict()
    data["kind"] = "housing"
    with pytest.raises(RuleViolation, match="unknown kind 'housing'; use one of statutory_csc"):
        ProcedureTemplate.from_dict(data)
    data = CORPORATE_SEND.to_dict()
    data["stages"][0]["response_days"] = "ten"
    with pytest.raises(RuleViolation, match="'response_days' should be a whole number, not 'ten'"):
        ProcedureTemplate.from_dict(data)
    data = CORPORATE_SEND.to_dict()
    data["stages"][0]["max_extended_days"] = 4
    with pytest.raises(RuleViolation, match="is shorter than the response time"):
        ProcedureTemplate.from_dict(data)
    data["format"] = 99
    with pytest.raises(RuleViolation, match="saved in format 99"):
        ProcedureTemplate.from_dict(data)


# =============================================================================================
# Clock arithmetic
# =============================================================================================


def test_statutory_stage1_over_christmas() -> None:
    clock = csc1(date(2023, 12, 22))  # Friday
    # Acknowledge in 3: Wed 27 (1), Thu 28 (2), Fri 29 Dec (3).
    assert clock.acknowledge_due == date(2023, 12, 29)
    # Respond in 10: ... Wed 10 Jan 2024 (see test_working_days).
    assert clock.due == date(2024, 1, 10)
    # Maximum 20: Thu 11 (11), Fri 12 (12), 15..19 (17), Mon 22 (18), Tue 23 (19), Wed 24 Jan (20).
    assert clock.max_due == date(2024, 1, 24)
    assert clock.start == date(2023, 12, 22)


def test_statutory_stage1_received_on_a_saturday() -> None:
    clock = csc1(date(2024, 1, 13))
    # Deemed received Mon 15 Jan; acknowledge by Thu 18 Jan; respond by Mon 29 Jan.
    assert clock.start == date(2024, 1, 15)
    assert clock.acknowledge_due == date(2024, 1, 18)
    assert clock.due == date(2024, 1, 29)


def test_statutory_stage2_over_easter_may_day_and_coronation() -> None:
    clock = StageClock(CSC2, date(2023, 4, 3))  # Monday
    # 25 working days skipping Good Friday 7 Apr, Easter Monday 10 Apr, 1 May and 8 May:
    # Apr 4-6 (3), 11-14 (7), 17-21 (12), 24-28 (17), May 2-5 (21), 9-12 (25) -> Fri 12 May.
    assert clock.due == date(2023, 5, 12)
    # 65: 40 more, skipping Spring bank holiday Mon 29 May -> Mon 10 July 2023.
    assert clock.max_due == date(2023, 7, 10)
    assert clock.acknowledge_due is None


def test_stage3_milestone_chain_from_due_dates() -> None:
    clock = StageClock(CSC3, date(2023, 9, 4))  # Monday 4 Sep 2023 request
    dues = clock.milestone_dues()
    # Panel within 30: Sep 5-8 (4), 11-15 (9), 18-22 (14), 25-29 (19), Oct 2-6 (24), 9-13 (29),
    # Mon 16 Oct (30).
    assert dues[0].due == date(2023, 10, 16)
    # Findings within 5 of 16 Oct: 17, 18, 19, 20, Mon 23 Oct.
    assert dues[1].due == date(2023, 10, 23)
    # Response within 15 of 23 Oct: 24-27 (4), 30 Oct-3 Nov (9), 6-10 Nov (14), Mon 13 Nov (15).
    assert dues[2].due == date(2023, 11, 13)
    assert clock.due == date(2023, 11, 13)
    assert clock.max_due is None
    assert clock.current_target(date(2023, 9, 5)) == ("Review panel convened", date(2023, 10, 16))


def test_stage3_milestone_chain_follows_actual_dates() -> None:
    clock = StageClock(CSC3, date(2023, 9, 4))
    clock = record_milestone(clock, "panel", date(2023, 10, 11), today=date(2023, 10, 11))
    # Findings within 5 of Wed 11 Oct: 12, 13, 16, 17, Wed 18 Oct.
    assert clock.milestone_dues()[1].due == date(2023, 10, 18)
    assert clock.current_target() == ("Panel findings sent", date(2023, 10, 18))
    clock = record_milestone(clock, "findings", date(2023, 10, 17))
    # Response within 15 of Tue 17 Oct: 18-20 (3), 23-27 (8), 30 Oct-3 Nov (13), 6, Tue 7 Nov.
    assert clock.due == date(2023, 11, 7)
    done = respond(clock, date(2023, 11, 7), StageOutcome.PARTIALLY_UPHELD)
    assert done.status(date(2023, 11, 8)) == StageStatus.CLOSED_IN_TIME


def test_stage3_late_panel_makes_the_stage_late() -> None:
    clock = StageClock(CSC3, date(2023, 9, 4))
    # No panel by Mon 16 Oct: due soon on the day, overdue the day after.
    assert clock.status(date(2023, 10, 16)) == StageStatus.DUE_SOON
    assert clock.status(date(2023, 10, 17)) == StageStatus.OVERDUE
    assert clock.days_remaining(date(2023, 10, 18)) == -2
    clock = record_milestone(clock, "panel", date(2023, 10, 17))
    clock = record_milestone(clock, "findings", date(2023, 10, 20))
    done = respond(clock, date(2023, 10, 30), UPHELD)
    assert done.milestone_dues()[0].late
    assert done.status(date(2023, 11, 1)) == StageStatus.CLOSED_LATE


def test_milestone_rules() -> None:
    clock = StageClock(CSC3, date(2023, 9, 4))
    with pytest.raises(RuleViolation, match="Record 'Review panel convened' before"):
        record_milestone(clock, "findings", date(2023, 10, 1))
    with pytest.raises(RuleViolation, match="record it as the response"):
        record_milestone(clock, "response", date(2023, 10, 1))
    with pytest.raises(RuleViolation, match="has no milestone called 'hearing'"):
        record_milestone(clock, "hearing", date(2023, 10, 1))
    clock = record_milestone(clock, "panel", date(2023, 10, 11))
    with pytest.raises(RuleViolation, match="cannot be before 'Review panel convened'"):
        record_milestone(clock, "findings", date(2023, 10, 10))
    with pytest.raises(RuleViolation, match="is before 'Review panel convened'"):
        respond(clock, date(2023, 10, 10), UPHELD)
    with pytest.raises(RuleViolation, match="cannot be extended"):
        extend(clock, date(2023, 12, 1), "panel member ill")
    with pytest.raises(RuleViolation, match="cannot be paused"):
        pause(clock, date(2023, 10, 12), "panel member ill")


# =============================================================================================
# Statuses on both sides of the boundaries
# =============================================================================================


@pytest.mark.parametrize(
    ("today", "status", "remaining"),
    [
        (date(2024, 1, 4), StageStatus.OPEN, 4),  # Thu: 5, 8, 9, 10 left
        (date(2024, 1, 5), StageStatus.DUE_SOON, 3),  # Fri: 8, 9, 10
        (date(2024, 1, 6), StageStatus.DUE_SOON, 3),  # Saturday
        (date(2024, 1, 9), StageStatus.DUE_SOON, 1),
        (date(2024, 1, 10), StageStatus.DUE_SOON, 0),  # due today
        (date(2024, 1, 11), StageStatus.OVERDUE, -1),
    ],
)
def test_open_statuses(today: date, status: str, remaining: int) -> None:
    clock = acknowledge(csc1(), date(2023, 12, 27))
    assert clock.due == date(2024, 1, 10)
    assert clock.status(today) == status
    assert clock.days_remaining(today) == remaining


def test_due_soon_threshold_is_configurable() -> None:
    clock = csc1()
    assert clock.status(date(2024, 1, 4)) == StageStatus.OPEN
    assert clock.status(date(2024, 1, 4), due_soon_days=5) == StageStatus.DUE_SOON
    assert clock.status(date(2024, 1, 5), due_soon_days=0) == StageStatus.OPEN
    assert clock.status(date(2024, 1, 10), due_soon_days=0) == StageStatus.DUE_SOON


def test_overdue_on_the_weekend_after_a_friday_due_date() -> None:
    clock = StageClock(CSC1, date(2024, 1, 12))  # Friday; due Fri 26 Jan
    assert clock.due == date(2024, 1, 26)
    assert clock.status(date(2024, 1, 27)) == StageStatus.OVERDUE
    assert clock.days_remaining(date(2024, 1, 27)) == 0  # no working day has passed yet


@pytest.mark.parametrize(
    ("responded", "extended", "status"),
    [
        (date(2024, 1, 10), None, StageStatus.CLOSED_IN_TIME),
        (date(2024, 1, 11), None, StageStatus.CLOSED_LATE),
        (date(2024, 1, 10), date(2024, 1, 24), StageStatus.CLOSED_IN_TIME),
        (date(2024, 1, 11), date(2024, 1, 24), StageStatus.CLOSED_IN_EXTENDED_TIME),
        (date(2024, 1, 24), date(2024, 1, 24), StageStatus.CLOSED_IN_EXTENDED_TIME),
        (date(2024, 1, 25), date(2024, 1, 24), StageStatus.CLOSED_LATE),
    ],
)
def test_closed_statuses(responded: date, extended: date | None, status: str) -> None:
    clock = acknowledge(csc1(), date(2023, 12, 27))
    if extended:
        clock = extend(clock, extended, "Social worker on leave", on=date(2024, 1, 5))
    clock = respond(clock, responded, UPHELD)
    assert clock.status(date(2024, 3, 1)) == status
    assert clock.days_remaining(date(2024, 3, 1)) is None


def test_working_days_to_respond() -> None:
    clock = acknowledge(csc1(), date(2023, 12, 27))
    assert clock.working_days_to_respond() is None
    assert respond(clock, date(2024, 1, 10), UPHELD).working_days_to_respond() == 10
    assert respond(clock, date(2023, 12, 28), UPHELD).working_days_to_respond() == 2


# =============================================================================================
# Transitions
# =============================================================================================


def test_acknowledge_rules() -> None:
    clock = csc1()
    with pytest.raises(
        RuleViolation, match="is before Stage 1 \\(Local resolution\\) was received"
    ):
        acknowledge(clock, date(2023, 12, 21))
    with pytest.raises(RuleViolation, match="is in the future"):
        acknowledge(clock, date(2023, 12, 29), today=date(2023, 12, 28))
    done = acknowledge(clock, date(2023, 12, 22), today=date(2023, 12, 22))
    assert done.acknowledged == date(2023, 12, 22)
    assert clock.acknowledged is None  # the original is untouched
    assert done.acknowledged_in_time is True
    with pytest.raises(RuleViolation) as err:
        acknowledge(done, date(2023, 12, 27))
    assert err.value.message == (
        "Stage 1 (Local resolution) was already acknowledged on Friday 22 December 2023."
    )
    late = acknowledge(clock, date(2024, 1, 2))
    assert late.acknowledged_in_time is False  # due Fri 29 Dec


def test_cannot_respond_before_acknowledging_where_required() -> None:
    with pytest.raises(RuleViolation) as err:
        respond(csc1(), date(2024, 1, 5), UPHELD)
    assert err.value.message == (
        "Stage 1 (Local resolution) has not been acknowledged. Record the acknowledgement (due "
        "by Friday 29 December 2023) before the response."
    )
    # Statutory stage 2 has no acknowledgement requirement.
    done = respond(StageClock(CSC2, date(2024, 1, 8)), date(2024, 2, 1), UPHELD)
    assert done.responded == date(2024, 2, 1)


def test_respond_rules() -> None:
    clock = acknowledge(csc1(), date(2023, 12, 27))
    with pytest.raises(RuleViolation, match="Choose the outcome"):
        respond(clock, date(2024, 1, 5), None)
    with pytest.raises(RuleViolation, match="before Stage 1 \\(Local resolution\\) was received"):
        respond(clock, date(2023, 12, 20), UPHELD)
    with pytest.raises(RuleViolation, match="before the acknowledgement"):
        respond(clock, date(2023, 12, 22), UPHELD)
    with pytest.raises(RuleViolation, match="in the future"):
        respond(clock, date(2024, 1, 5), UPHELD, today=date(2024, 1, 4))
    with pytest.raises(RuleViolation, match="is not a stage outcome"):
        respond(clock, date(2024, 1, 5), "sort of")
    done = respond(clock, date(2024, 1, 5), "not_upheld")
    assert done.outcome is StageOutcome.NOT_UPHELD
    with pytest.raises(RuleViolation, match="already responded to on Friday 5 January 2024"):
        respond(done, date(2024, 1, 8), UPHELD)


def test_extend() -> None:
    clock = csc1()
    extended = extend(
        clock, date(2024, 1, 24), "  Awaiting records from health  ", on=date(2024, 1, 8)
    )
    assert extended.due == date(2024, 1, 24)
    assert extended.on_time_due() == date(2024, 1, 10)
    assert extended.extension_reason == "Awaiting records from health"
    assert extended.extended_on == date(2024, 1, 8)
    # A second extension within the maximum is fine, but it cannot go backwards.
    with pytest.raises(RuleViolation, match="must be after the current due date"):
        extend(extended, date(2024, 1, 17), "changed our mind")


def test_extension_needs_a_reason() -> None:
    for reason in ("", "   ", None):
        with pytest.raises(RuleViolation) as err:
            extend(csc1(), date(2024, 1, 17), reason)  # type: ignore[arg-type]
        assert err.value.message.startswith(
            "Give a reason for extending Stage 1 (Local resolution)"
        )


def test_cannot_extend_past_the_maximum() -> None:
    with pytest.raises(RuleViolation) as err:
        extend(csc1(), date(2024, 1, 25), "Complex case")
    assert err.value.message == (
        "Stage 1 (Local resolution) can be extended to 20 working days at most, so the latest "
        "allowed date is Wednesday 24 January 2024; Thursday 25 January 2024 is too late."
    )
    # Stage 2: 65 working days from Mon 3 Apr 2023 is Mon 10 July 2023.
    stage2 = StageClock(CSC2, date(2023, 4, 3))
    assert extend(stage2, date(2023, 7, 10), "Investigator ill").due == date(2023, 7, 10)
    with pytest.raises(RuleViolation, match="latest allowed date is Monday 10 July 2023"):
        extend(stage2, date(2023, 7, 11), "Investigator ill")


def test_extend_other_rules() -> None:
    clock = csc1()
    with pytest.raises(RuleViolation, match="must be after the current due date"):
        extend(clock, date(2024, 1, 10), "Complex")
    with pytest.raises(RuleViolation, match="must be after the current due date"):
        extend(clock, date(2024, 1, 9), "Complex")
    with pytest.raises(RuleViolation) as err:
        extend(clock, date(2024, 1, 13), "Complex")
    assert err.value.message == (
        "Saturday 13 January 2024 is not a working day (Saturday). Choose a working day such as "
        "Friday 12 January 2024 or Monday 15 January 2024."
    )
    with pytest.raises(RuleViolation, match="has to be agreed by then, not afterwards"):
        extend(clock, date(2024, 1, 17), "Complex", on=date(2024, 1, 11))
    done = respond(acknowledge(clock, date(2023, 12, 27)), date(2024, 1, 10), UPHELD)
    with pytest.raises(RuleViolation, match="already responded to"):
        extend(done, date(2024, 1, 17), "Complex")


def test_pause_only_where_allowed() -> None:
    with pytest.raises(RuleViolation) as err:
        pause(csc1(), date(2024, 1, 2), "Complainant in hospital")
    assert err.value.message == (
        "Stage 1 (Local resolution) cannot be paused: the procedure does not allow it. Consider "
        "an extension instead, with the reason."
    )
    corp = StageClock(CORP1, date(2024, 1, 8))
    with pytest.raises(RuleViolation, match="Give a reason for pausing"):
        pause(corp, date(2024, 1, 10), " ")


def test_pause_and_resume_push_the_due_date() -> None:
    clock = StageClock(CORP1, date(2024, 1, 8))  # Monday
    # Acknowledge in 5: Mon 15 Jan. Respond in 10: 9-12 (4), 15-19 (9), Mon 22 Jan (10).
    # Maximum 20: 23-26 (14), 29 Jan-2 Feb (19), Mon 5 Feb (20).
    assert (clock.acknowledge_due, clock.due, clock.max_due) == (
        date(2024, 1, 15),
        date(2024, 1, 22),
        date(2024, 2, 5),
    )
    assert clock.days_remaining(date(2024, 1, 10)) == 8
    paused = pause(clock, date(2024, 1, 10), "Complainant asked to pause while in hospital")
    assert paused.is_paused
    # While paused the days remaining stay at 8: each working day paused moves the due date on.
    assert paused.due_as_of(date(2024, 1, 12)) == date(2024, 1, 24)
    assert paused.days_remaining(date(2024, 1, 12)) == 8
    assert paused.days_remaining(date(2024, 1, 15)) == 8
    with pytest.raises(RuleViolation, match="Resume it before pausing it again"):
        pause(paused, date(2024, 1, 11), "again")
    with pytest.raises(RuleViolation, match="Resume it before extending it"):
        extend(paused, date(2024, 2, 1), "Complex")
    with pytest.raises(RuleViolation, match="Resume it before recording the response"):
        respond(acknowledge(paused, date(2024, 1, 9)), date(2024, 1, 12), UPHELD)
    with pytest.raises(RuleViolation, match="is before the pause started"):
        resume(paused, date(2024, 1, 9))
    # Resumed Mon 15 Jan: Wed 10, Thu 11, Fri 12 were paused, so everything moves 3 working days.
    resumed = resume(paused, date(2024, 1, 15))
    assert resumed.paused == (
        Pause(date(2024, 1, 10), date(2024, 1, 15), "Complainant asked to pause while in hospital"),
    )
    assert resumed.paused_working_days() == 3
    assert resumed.due == date(2024, 1, 25)  # Mon 22 + 3 = Thu 25 Jan
    assert resumed.max_due == date(2024, 2, 8)  # Mon 5 Feb + 3 = Thu 8 Feb
    assert resumed.acknowledge_due == date(2024, 1, 15)  # acknowledgement is not paused
    with pytest.raises(RuleViolation, match="is not paused"):
        resume(resumed, date(2024, 1, 16))
    done = respond(acknowledge(resumed, date(2024, 1, 9)), date(2024, 1, 25), UPHELD)
    assert done.status(date(2024, 2, 1)) == StageStatus.CLOSED_IN_TIME
    assert done.working_days_to_respond() == 10  # 13 working days less the 3 paused


def test_pause_after_extension_moves_the_extended_date() -> None:
    clock = extend(StageClock(CORP1, date(2024, 1, 8)), date(2024, 1, 29), "Complex")
    clock = resume(pause(clock, date(2024, 1, 15), "Awaiting complainant"), date(2024, 1, 17))
    # Mon 15 and Tue 16 paused: extended date Mon 29 Jan -> Wed 31 Jan; original Mon 22 -> Wed 24.
    assert clock.extended_to == date(2024, 1, 31)
    assert clock.due == date(2024, 1, 31)
    assert clock.on_time_due() == date(2024, 1, 24)
    assert clock.max_due == date(2024, 2, 7)


def test_pausing_on_the_day_of_receipt_only_counts_days_after_it() -> None:
    clock = StageClock(CORP1, date(2024, 1, 8))
    # Paused Mon 8 (day 0, never counted) to Wed 10: only Tue 9 is lost.
    clock = resume(pause(clock, date(2024, 1, 8), "Clarifying the complaint"), date(2024, 1, 10))
    assert clock.paused_working_days() == 1
    assert clock.due == date(2024, 1, 23)


def test_cannot_pause_once_overdue() -> None:
    clock = StageClock(CORP1, date(2024, 1, 8))  # due Mon 22 Jan
    assert pause(clock, date(2024, 1, 22), "Awaiting complainant").is_paused
    with pytest.raises(RuleViolation) as err:
        pause(clock, date(2024, 1, 23), "Awaiting complainant")
    assert err.value.message.startswith(
        "Stage 1 (Stage 1 response) was due on Monday 22 January 2024 and is overdue"
    )


# =============================================================================================
# The complaint as a whole: escalation, withdrawal, Ombudsman
# =============================================================================================


def _responded_stage1(received: date = date(2023, 12, 22)) -> ComplaintState:
    state = start_complaint(STATUTORY_CSC, received)
    clock = acknowledge(state.current_stage, date(2023, 12, 27))
    clock = respond(clock, date(2024, 1, 10), StageOutcome.PARTIALLY_UPHELD)
    return with_current_stage(state, clock)


def test_start_complaint() -> None:
    state = start_complaint(STATUTORY_CSC, date(2023, 12, 22))
    assert state.current_stage_number == 1
    assert state.is_open
    assert state.current_stage.due == date(2024, 1, 10)


def test_escalation_window() -> None:
    state = _responded_stage1()
    assert not state.is_open
    # 20 working days after Wed 10 Jan: 11-12 (2), 15-19 (7), 22-26 (12), 29 Jan-2 Feb (17),
    # Mon 5, Tue 6, Wed 7 Feb (20).
    assert state.escalation_window_closes == date(2024, 2, 7)
    check = can_escalate(state, date(2024, 2, 7))
    assert check and not check.reason_required
    assert check.message == (
        "The complaint can go to Stage 2 (Independent investigation) until Wednesday 7 February "
        "2024."
    )
    escalated = escalate(state, date(2024, 2, 7))
    assert escalated.current_stage_number == 2
    assert escalated.current_stage.received == date(2024, 2, 7)
    assert escalated.is_open
    assert escalated.current_stage.late_request_reason is None


def test_late_escalation_needs_a_reason() -> None:
    state = _responded_stage1()
    check = can_escalate(state, date(2024, 2, 8))
    assert check.allowed and check.reason_required
    assert check.message == (
        "The request for Stage 2 (Independent investigation) (Thursday 8 February 2024) came "
        "after the escalation window closed on Wednesday 7 February 2024 (20 working days after "
        "the Stage 1 (Local resolution) response). You can still accept it at your discretion: "
        "record why."
    )
    with pytest.raises(RuleViolation, match="record why"):
        escalate(state, date(2024, 2, 8))
    escalated = escalate(state, date(2024, 2, 8), reason="Complainant was in hospital")
    assert escalated.current_stage.late_request_reason == "Complainant was in hospital"


def test_escalation_window_is_configurable() -> None:
    procedure = replace(
        STATUTORY_CSC, stages=(replace(CSC1, escalation_window_days=10), CSC2, CSC3)
    )
    state = start_complaint(procedure, date(2023, 12, 22))
    state = with_current_stage(
        state,
        respond(acknowledge(state.current_stage, date(2023, 12, 27)), date(2024, 1, 10), UPHELD),
    )
    # 10 working days after Wed 10 Jan: Wed 24 Jan.
    assert state.escalation_window_closes == date(2024, 1, 24)
    assert can_escalate(state, date(2024, 1, 25)).reason_required
    # Each stage clock keeps the template it started under, so an administrator's later edit
    # does not move running clocks; a stage started under a template with no window has none.
    no_window = replace(CSC1, escalation_window_days=None)
    state = replace(state, stages=(replace(state.current_stage, template=no_window),))
    assert state.escalation_window_closes is None
    assert not can_escalate(state, date(2025, 1, 1)).reason_required


def test_cannot_escalate_a_withdrawn_complaint() -> None:
    state = withdraw(_responded_stage1(), date(2024, 1, 12), "Resolved informally")
    check = can_escalate(state, date(2024, 1, 15))
    assert not check
    assert check.message == (
        "This complaint was withdrawn on Friday 12 January 2024, so it cannot go to the next "
        "stage. If the complainant wants to pursue it, log it as a new complaint."
    )
    with pytest.raises(RuleViolation, match="was withdrawn on Friday 12 January 2024"):
        escalate(state, date(2024, 1, 15))


def test_cannot_escalate_before_the_response() -> None:
    state = start_complaint(STATUTORY_CSC, date(2023, 12, 22))
    with pytest.raises(RuleViolation) as err:
        escalate(state, date(2024, 1, 5))
    assert err.value.message == (
        "Stage 1 (Local resolution) has not been responded to yet (due Wednesday 10 January "
        "2024). Send the response before moving the complaint to the next stage."
    )
    with pytest.raises(
        RuleViolation, match="is before the Stage 1 \\(Local resolution\\) response"
    ):
        escalate(_responded_stage1(), date(2024, 1, 9), today=date(2024, 1, 12))


def test_cannot_escalate_not_accepted_or_withdrawn_stage() -> None:
    state = start_complaint(STATUTORY_CSC, date(2023, 12, 22))
    clock = respond(
        acknowledge(state.current_stage, date(2023, 12, 22)),
        date(2023, 12, 27),
        StageOutcome.NOT_ACCEPTED,
    )
    not_accepted = with_current_stage(state, clock)
    with pytest.raises(RuleViolation, match="was not accepted under this procedure"):
        escalate(not_accepted, date(2024, 1, 2))
    withdrawn_stage = with_current_stage(state, replace(clock, outcome=StageOutcome.WITHDRAWN))
    with pytest.raises(RuleViolation, match="was withdrawn, so it cannot be escalated"):
        escalate(withdrawn_stage, date(2024, 1, 2))


def test_cannot_escalate_beyond_the_last_stage() -> None:
    state = start_complaint(CORPORATE_SEND, date(2024, 1, 8))
    state = with_current_stage(
        state,
        respond(acknowledge(state.current_stage, date(2024, 1, 9)), date(2024, 1, 19), UPHELD),
    )
    state = escalate(state, date(2024, 1, 25))
    # Stage 2 received Thu 25 Jan; 20 working days: 26 (1), 29 Jan-2 Feb (6), 5-9 (11),
    # 12-16 (16), 19-22 Feb (20) -> Thu 22 Feb.
    assert state.current_stage.due == date(2024, 2, 22)
    state = with_current_stage(
        state,
        respond(acknowledge(state.current_stage, date(2024, 1, 26)), date(2024, 2, 20), UPHELD),
    )
    assert state.is_final_stage
    assert state.escalation_window_closes is None
    with pytest.raises(RuleViolation) as err:
        escalate(state, date(2024, 2, 21))
    assert err.value.message == (
        "Stage 2 (Stage 2 review) is the last stage of the Corporate and SEND complaints "
        "procedure. The complainant can now go to the Local Government and Social Care Ombudsman."
    )


def test_escalate_with_a_later_clock_start() -> None:
    state = escalate(_responded_stage1(), date(2024, 1, 15), clock_starts=date(2024, 1, 22))
    # Stage 2 runs 25 working days from Mon 22 Jan: 23-26 (4), 29 Jan-2 Feb (9), 5-9 (14),
    # 12-16 (19), 19-23 (24), Mon 26 Feb (25).
    assert state.current_stage.due == date(2024, 2, 26)
    with pytest.raises(RuleViolation, match="before it was asked for"):
        escalate(_responded_stage1(), date(2024, 1, 15), clock_starts=date(2024, 1, 12))


def test_withdraw_closes_the_open_stage() -> None:
    state = start_complaint(CORPORATE_SEND, date(2024, 1, 8))
    clock = pause(state.current_stage, date(2024, 1, 10), "Awaiting complainant")
    state = withdraw(with_current_stage(state, clock), date(2024, 1, 12), "No longer wanted")
    assert state.withdrawn and not state.is_open
    stage = state.current_stage
    assert stage.outcome is StageOutcome.WITHDRAWN and stage.responded == date(2024, 1, 12)
    assert not stage.is_paused
    with pytest.raises(RuleViolation, match="already been withdrawn"):
        withdraw(state, date(2024, 1, 15))


def test_with_current_stage_only_replaces_the_current_stage() -> None:
    state = escalate(_responded_stage1(), date(2024, 1, 15))
    with pytest.raises(RuleViolation, match="is not the current stage"):
        with_current_stage(state, state.stages[0])


def test_ombudsman_referral() -> None:
    early = _responded_stage1()
    with pytest.raises(RuleViolation) as err:
        refer_to_ombudsman(early, date(2024, 1, 20))
    assert err.value.message == (
        "The Children's social care statutory procedure has not been completed (the complaint is "
        "at Stage 1 (Local resolution)). The Ombudsman usually refers such complaints back as "
        "premature; add a note saying why it went early to record the referral."
    )
    referred = refer_to_ombudsman(
        early, date(2024, 1, 20), premature_note="Complainant went straight to the Ombudsman"
    )
    assert referred.ombudsman_premature_note == "Complainant went straight to the Ombudsman"
    with pytest.raises(RuleViolation, match="awaiting a decision"):
        refer_to_ombudsman(referred, date(2024, 1, 21), premature_note="again")
    decided = record_ombudsman_decision(referred, "premature", date(2024, 2, 1))
    assert decided.ombudsman_decision is OmbudsmanDecision.PREMATURE
    # Referred back: the council's procedure carries on.
    assert can_escalate(decided, date(2024, 2, 5))
    with pytest.raises(RuleViolation, match="before the referral"):
        record_ombudsman_decision(referred, OmbudsmanDecision.NO_FAULT, date(2024, 1, 19))
    with pytest.raises(RuleViolation, match="Record the referral"):
        record_ombudsman_decision(early, OmbudsmanDecision.NO_FAULT, date(2024, 1, 19))


def test_ombudsman_after_final_stage_needs_no_note() -> None:
    state = start_complaint(CORPORATE_SEND, date(2024, 1, 8), stage_number=2)
    state = with_current_stage(
        state, respond(acknowledge(state.current_stage, date(2024, 1, 9)), date(2024, 2, 1), UPHELD)
    )
    referred = refer_to_ombudsman(state, date(2024, 3, 1))
    assert referred.ombudsman_referred == date(2024, 3, 1)
    assert referred.ombudsman_premature_note is None


def test_timeline() -> None:
    state = start_complaint(CORPORATE_SEND, date(2024, 1, 8))
    clock = acknowledge(state.current_stage, date(2024, 1, 8))
    clock = resume(pause(clock, date(2024, 1, 10), "Complainant in hospital"), date(2024, 1, 15))
    clock = extend(clock, date(2024, 2, 1), "Records from school", on=date(2024, 1, 19))
    clock = respond(clock, date(2024, 1, 31), StageOutcome.PARTIALLY_UPHELD)
    state = with_current_stage(state, clock)
    # Stage 1 responded Wed 31 Jan; window 20 working days closes Wed 28 Feb.
    assert state.escalation_window_closes == date(2024, 2, 28)
    state = escalate(state, date(2024, 3, 4), reason="Letter went to an old address")
    state = withdraw(state, date(2024, 3, 6), "Resolved")
    assert state.timeline() == [
        (date(2024, 1, 8), "Stage 1 (Stage 1 response) received"),
        (date(2024, 1, 8), "Stage 1 acknowledged"),
        (date(2024, 1, 10), "Stage 1 paused: Complainant in hospital"),
        (date(2024, 1, 15), "Stage 1 resumed"),
        (date(2024, 1, 19), "Stage 1 extended to Thursday 1 February 2024: Records from school"),
        (date(2024, 1, 31), "Stage 1 response sent: Partially upheld"),
        (
            date(2024, 3, 4),
            "Stage 2 (Stage 2 review) received (asked for after the escalation window; accepted "
            "because: Letter went to an old address)",
        ),
        (date(2024, 3, 6), "Stage 2 closed: withdrawn"),
        (date(2024, 3, 6), "Complaint withdrawn: Resolved"),
    ]
    assert state.stages[0].status(date(2024, 3, 6)) == StageStatus.CLOSED_IN_EXTENDED_TIME


def test_stage3_timeline_and_ombudsman() -> None:
    state = escalate(_responded_stage1(), date(2024, 1, 15))
    stage2 = respond(state.current_stage, date(2024, 2, 16), StageOutcome.NOT_UPHELD)
    state = escalate(with_current_stage(state, stage2), date(2024, 2, 20))
    stage3 = record_milestone(state.current_stage, "panel", date(2024, 3, 20))
    stage3 = record_milestone(stage3, "findings", date(2024, 3, 22))
    stage3 = respond(stage3, date(2024, 4, 10), StageOutcome.NOT_UPHELD)
    state = with_current_stage(state, stage3)
    state = record_ombudsman_decision(
        refer_to_ombudsman(state, date(2024, 5, 1)), OmbudsmanDecision.NO_FAULT, date(2024, 7, 1)
    )
    labels = [label for _, label in state.timeline()]
    assert labels[-6:] == [
        "Stage 3 (Review panel) received",
        "Stage 3: Review panel convened",
        "Stage 3: Panel findings sent",
        "Stage 3 response sent: Not upheld",
        "Referred to the Ombudsman",
        "Ombudsman decision: No fault",
    ]
    assert stage3.status(date(2024, 5, 1)) == StageStatus.CLOSED_IN_TIME


def test_custom_calendar_is_used_throughout() -> None:
    council = WorkingDayCalendar(extra_closures=[date(2024, 1, 2)])
    state = start_complaint(STATUTORY_CSC, date(2023, 12, 22), calendar=council)
    # Tue 2 Jan is also closed, so day 10 moves from Wed 10 to Thu 11 Jan.
    assert state.current_stage.due == date(2024, 1, 11)
    clock = acknowledge(state.current_stage, date(2023, 12, 27))
    state = with_current_stage(state, respond(clock, date(2024, 1, 11), UPHELD))
    assert state.current_stage.status(date(2024, 1, 12)) == StageStatus.CLOSED_IN_TIME
    assert escalate(state, date(2024, 1, 12)).current_stage.calendar is council
