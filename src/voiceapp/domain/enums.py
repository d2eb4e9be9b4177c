"""The closed vocabularies of the product. Values are stored as these strings in the database."""

from __future__ import annotations

from enum import StrEnum


class RecordKind(StrEnum):
    COMPLIMENT = "compliment"
    COMPLAINT = "complaint"
    SURVEY_RESPONSE = "survey_response"
    COMMENT = "comment"
    SUGGESTION = "suggestion"
    QUESTION = "question"
    CONSULTATION_RESPONSE = "consultation_response"
    EVENT_NOTE = "event_note"

    @property
    def label(self) -> str:
        return _KIND_LABELS[self]


_KIND_LABELS = {
    RecordKind.COMPLIMENT: "Compliment",
    RecordKind.COMPLAINT: "Complaint",
    RecordKind.SURVEY_RESPONSE: "Survey response",
    RecordKind.COMMENT: "Comment",
    RecordKind.SUGGESTION: "Suggestion",
    RecordKind.QUESTION: "Question",
    RecordKind.CONSULTATION_RESPONSE: "Consultation response",
    RecordKind.EVENT_NOTE: "Event note",
}


class SentimentLabel(StrEnum):
    POSITIVE = "positive"
    NEUTRAL = "neutral"
    NEGATIVE = "negative"


class AgeBand(StrEnum):
    """Age bands for children and young people (care leavers run to 25)."""

    UNDER_5 = "0-4"
    AGE_5_10 = "5-10"
    AGE_11_15 = "11-15"
    AGE_16_17 = "16-17"
    AGE_18_25 = "18-25"


class ThemeSource(StrEnum):
    AUTOMATIC = "automatic"
    OFFICER = "officer"


class ThemeLinkStatus(StrEnum):
    SUGGESTED = "suggested"  # proposed by the analyser, awaiting review
    CONFIRMED = "confirmed"  # an officer agreed (or added it)
    REJECTED = "rejected"  # an officer said no; kept so it is not suggested again


class UserRole(StrEnum):
    ADMINISTRATOR = "administrator"
    MANAGER = "manager"
    OFFICER = "officer"
    BOARD_VIEWER = "board_viewer"


class SafeguardingDecision(StrEnum):
    REFERRED_FRONT_DOOR = "referred_front_door"  # referred to the front door / MASH
    ALREADY_KNOWN = "already_known"  # already known to the service, allocated worker informed
    NO_ACTION = "no_action"  # no action needed, reason recorded


class ProcedureKind(StrEnum):
    STATUTORY_CSC = "statutory_csc"  # Children Act 1989 representations procedure
    CORPORATE_SEND = "corporate_send"  # corporate / SEND two-stage procedure
    OTHER = "other"


class StageOutcome(StrEnum):
    UPHELD = "upheld"
    PARTIALLY_UPHELD = "partially_upheld"
    NOT_UPHELD = "not_upheld"
    WITHDRAWN = "withdrawn"
    NOT_ACCEPTED = "not_accepted"


class OmbudsmanDecision(StrEnum):
    NOT_INVESTIGATED = "not_investigated"
    PREMATURE = "premature"  # referred back to the council's own procedure
    FAULT_INJUSTICE = "fault_injustice"
    FAULT_NO_INJUSTICE = "fault_no_injustice"
    NO_FAULT = "no_fault"
    UPHELD_REMEDIED_LOCALLY = "upheld_remedied_locally"


class ActionStatus(StrEnum):
    """Board status legend for You Said, We Did actions (DOMAIN.md section 7)."""

    BLUE = "blue"  # completed, impact to be tested
    GREEN = "green"  # started and on track
    AMBER = "amber"  # some issues causing delay
    RED = "red"  # not started, stalled or stopped; significant risk
    COMPLETE = "complete"
    NOT_YET_DUE = "not_yet_due"  # not yet due to start


class ToldBackMethod(StrEnum):
    LETTER = "letter"
    NEWSLETTER = "newsletter"
    EVENT = "event"
    INDIVIDUAL = "individual"  # individual contact (phone, email, visit)


class AttendanceGroup(StrEnum):
    PARENT_CARERS = "parent_carers"
    CHILDREN_YOUNG_PEOPLE = "children_young_people"
    PROFESSIONALS = "professionals"
    OTHER = "other"


class ReviewParticipation(StrEnum):
    """How a child looked after contributed to their review (IRO annual report measure)."""

    ATTENDED = "attended"
    VIEWS_VIA_ADVOCATE = "views_via_advocate"
    VIEWS_VIA_CARER = "views_via_carer"
    VIEWS_VIA_IRO = "views_via_iro"
    UNDER_4 = "under_4"
    DID_NOT_CONTRIBUTE = "did_not_contribute"


class QuestionType(StrEnum):
    RATING = "rating"
    CHOICE = "choice"
    TEXT = "text"


class ReferenceList(StrEnum):
    """Administrator-editable reference lists."""

    CHANNEL = "channel"
    RESPONDENT_ROLE = "respondent_role"
    SERVICE_AREA = "service_area"
    DISTRICT = "district"
    TEAM = "team"
