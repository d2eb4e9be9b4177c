"""The voiceapp data model (SQLAlchemy 2 typed declarative).

Conventions:
- Closed vocabularies (voiceapp.domain.enums) are stored as short strings, so SQLite and PostgreSQL
  hold the same values and adding a value needs no ALTER TYPE.
- Administrator-editable lists (channels, roles, service areas, districts, teams) live in
  `reference_item` and are referenced by id.
- Every editable record carries `version` (optimistic locking: SQLAlchemy raises StaleDataError if
  someone else saved first) and created/updated by and at.
- Constraint names follow NAMING_CONVENTION because Alembic's batch mode on SQLite needs names.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    func,
    literal_column,
)
from sqlalchemy import (
    text as sql_text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# Marks a database as voiceapp's; checked before any migration touches a file we did not create.
APPLICATION_MARK = "voiceapp"


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {dict: JSON, list: JSON}


def _now() -> datetime:
    return datetime.now().replace(microsecond=0)


Str20 = String(20)
Str40 = String(40)
Str120 = String(120)
Str255 = String(255)


class AppMeta(Base):
    """Key/value facts about the database itself (application mark, creation, settings)."""

    __tablename__ = "app_meta"
    key: Mapped[str] = mapped_column(Str40, primary_key=True)
    value: Mapped[str] = mapped_column(Text)


# --------------------------------------------------------------------------- users and audit


class User(Base):
    __tablename__ = "app_user"
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(Str40, unique=True)
    display_name: Mapped[str] = mapped_column(Str120)
    role: Mapped[str] = mapped_column(Str20)  # UserRole
    # Managers who are also administrators (and similar) carry extra roles here.
    extra_roles: Mapped[list] = mapped_column(JSON, default=list)
    password_hash: Mapped[str | None] = mapped_column(Str255)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime)
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False)
    is_demo_password: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=_now)
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime)


class AuditEntry(Base):
    """Append-only audit trail. Each entry hashes the previous one, so tampering is detectable."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=_now, index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    username: Mapped[str] = mapped_column(Str40)  # kept even if the user is later renamed
    action: Mapped[str] = mapped_column(Str40, index=True)  # create, update, delete, export, ...
    entity: Mapped[str] = mapped_column(Str40)
    entity_id: Mapped[str | None] = mapped_column(Str40)
    summary: Mapped[str] = mapped_column(Text, default="")
    before: Mapped[dict | None] = mapped_column(JSON)
    after: Mapped[dict | None] = mapped_column(JSON)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))

    __table_args__ = (Index("ix_audit_log_entity", "entity", "entity_id"),)


# --------------------------------------------------------------------------- reference lists


class ReferenceItem(Base):
    """An entry in an administrator-editable list: channel, respondent role, service area,
    district or team (teams belong to a service area through `parent_id`)."""

    __tablename__ = "reference_item"
    id: Mapped[int] = mapped_column(primary_key=True)
    list_name: Mapped[str] = mapped_column(Str20)  # ReferenceList
    code: Mapped[str] = mapped_column(Str40)
    label: Mapped[str] = mapped_column(Str120)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("reference_item.id"))
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    __table_args__ = (UniqueConstraint("list_name", "code", name="uq_reference_item_list_code"),)


class Board(Base):
    __tablename__ = "board"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(Str120, unique=True)
    frequency: Mapped[str] = mapped_column(Str40, default="quarterly")
    chair: Mapped[str | None] = mapped_column(Str120)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


# --------------------------------------------------------------------------- codebook


class Theme(Base):
    __tablename__ = "theme"
    id: Mapped[int] = mapped_column(primary_key=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("theme.id"), index=True)
    slug: Mapped[str] = mapped_column(Str120, unique=True)
    name: Mapped[str] = mapped_column(Str120)
    description: Mapped[str] = mapped_column(Text, default="")
    retired: Mapped[bool] = mapped_column(Boolean, default=False)
    # Set when this code was merged into another; its links moved there.
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("theme.id"))
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=_now)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}


class ThemeModelStore(Base):
    """The learned theme classifier, retrained from officer-confirmed tags."""

    __tablename__ = "theme_model"
    id: Mapped[int] = mapped_column(primary_key=True)
    trained_at: Mapped[datetime] = mapped_column(DateTime, default=_now)
    examples: Mapped[int] = mapped_column(Integer)
    payload: Mapped[bytes] = mapped_column(LargeBinary)


# --------------------------------------------------------------------------- engagement


class EngagementEvent(Base):
    __tablename__ = "engagement_event"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(Str255)
    held_on: Mapped[date] = mapped_column(Date, index=True)
    venue: Mapped[str] = mapped_column(Str255, default="")
    district_id: Mapped[int | None] = mapped_column(ForeignKey("reference_item.id"))
    service_area_id: Mapped[int | None] = mapped_column(ForeignKey("reference_item.id"))
    audience: Mapped[str] = mapped_column(Str255, default="")
    partners: Mapped[str] = mapped_column(Text, default="")
    coproduced: Mapped[bool] = mapped_column(Boolean, default=False)
    notes: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=_now)
    version: Mapped[int] = mapped_column(Integer, default=1)

    attendance: Mapped[list[EventAttendance]] = relationship(
        back_populates="event", cascade="all, delete-orphan"
    )
    __mapper_args__ = {"version_id_col": version}


class EventAttendance(Base):
    __tablename__ = "event_attendance"
    event_id: Mapped[int] = mapped_column(
        ForeignKey("engagement_event.id", ondelete="CASCADE"), primary_key=True
    )
    group: Mapped[str] = mapped_column(Str40, primary_key=True)  # AttendanceGroup
    count: Mapped[int] = mapped_column(Integer)
    event: Mapped[EngagementEvent] = relationship(back_populates="attendance")


class Consultation(Base):
    __tablename__ = "consultation"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(Str255)
    opens_on: Mapped[date] = mapped_column(Date)
    closes_on: Mapped[date] = mapped_column(Date)
    audience: Mapped[str] = mapped_column(Str255, default="")
    service_area_id: Mapped[int | None] = mapped_column(ForeignKey("reference_item.id"))


class ReviewParticipationRecord(Base):
    """How a child looked after contributed to one review (aggregated for the IRO measures)."""

    __tablename__ = "review_participation"
    id: Mapped[int] = mapped_column(primary_key=True)
    review_on: Mapped[date] = mapped_column(Date, index=True)
    participation: Mapped[str] = mapped_column(Str40)  # ReviewParticipation
    age_band: Mapped[str | None] = mapped_column(Str20)
    district_id: Mapped[int | None] = mapped_column(ForeignKey("reference_item.id"))


# --------------------------------------------------------------------------- surveys


class Survey(Base):
    __tablename__ = "survey"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(Str255, unique=True)
    description: Mapped[str] = mapped_column(Text, default="")
    audience: Mapped[str] = mapped_column(Str255, default="")
    frequency: Mapped[str] = mapped_column(Str40, default="annual")


class SurveyEdition(Base):
    __tablename__ = "survey_edition"
    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("survey.id"))
    name: Mapped[str] = mapped_column(Str255)
    opens_on: Mapped[date | None] = mapped_column(Date)
    closes_on: Mapped[date | None] = mapped_column(Date)
    __table_args__ = (UniqueConstraint("survey_id", "name", name="uq_survey_edition_survey_name"),)


class SurveyQuestion(Base):
    __tablename__ = "survey_question"
    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("survey_edition.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    # Questions repeated across editions share a key so results compare edition to edition.
    key: Mapped[str] = mapped_column(Str120)
    text: Mapped[str] = mapped_column(Text)
    qtype: Mapped[str] = mapped_column(Str20)  # QuestionType
    options: Mapped[list | None] = mapped_column(JSON)
    scale_max: Mapped[int | None] = mapped_column(Integer)


class SurveyResponse(Base):
    __tablename__ = "survey_response"
    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("survey_edition.id"), index=True)
    submitted_on: Mapped[date] = mapped_column(Date)
    respondent_role_id: Mapped[int | None] = mapped_column(ForeignKey("reference_item.id"))
    # The response's free text lives in a feedback record of kind survey_response.
    feedback_id: Mapped[int | None] = mapped_column(ForeignKey("feedback.id", ondelete="SET NULL"))
    external_id: Mapped[str | None] = mapped_column(Str120)
    __table_args__ = (
        UniqueConstraint("edition_id", "external_id", name="uq_survey_response_edition_external"),
    )


class SurveyAnswer(Base):
    __tablename__ = "survey_answer"
    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(
        ForeignKey("survey_response.id", ondelete="CASCADE"), index=True
    )
    question_id: Mapped[int] = mapped_column(ForeignKey("survey_question.id"), index=True)
    rating: Mapped[int | None] = mapped_column(Integer)
    choice: Mapped[str | None] = mapped_column(Str255)
    text: Mapped[str | None] = mapped_column(Text)


# --------------------------------------------------------------------------- feedback


class ImportBatch(Base):
    __tablename__ = "import_batch"
    id: Mapped[int] = mapped_column(primary_key=True)
    file_name: Mapped[str] = mapped_column(Str255)
    file_sha256: Mapped[str] = mapped_column(String(64), index=True)
    imported_at: Mapped[datetime] = mapped_column(DateTime, default=_now)
    imported_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    rows_imported: Mapped[int] = mapped_column(Integer, default=0)
    rows_skipped: Mapped[int] = mapped_column(Integer, default=0)
    mapping: Mapped[dict | None] = mapped_column(JSON)


class Feedback(Base):
    """One thing someone told the service. Kind-specific details live in side tables."""

    __tablename__ = "feedback"
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(Str40)  # RecordKind
    received_on: Mapped[date] = mapped_column(Date)
    channel_id: Mapped[int | None] = mapped_column(ForeignKey("reference_item.id"))
    respondent_role_id: Mapped[int | None] = mapped_column(ForeignKey("reference_item.id"))
    service_area_id: Mapped[int | None] = mapped_column(ForeignKey("reference_item.id"))
    team_id: Mapped[int | None] = mapped_column(ForeignKey("reference_item.id"))
    district_id: Mapped[int | None] = mapped_column(ForeignKey("reference_item.id"))
    age_band: Mapped[str | None] = mapped_column(Str20)  # AgeBand, children and young people
    # The respondent's own rating on the five-face scale (1 very unhappy .. 5 very happy),
    # given by children and young people in event mode; separate from the analysed sentiment.
    rating: Mapped[int | None] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text, default="")
    # Respondent details: never shown when anonymous; removed by retention and erasure.
    anonymous: Mapped[bool] = mapped_column(Boolean, default=False)
    respondent_name: Mapped[str | None] = mapped_column(Str255)
    respondent_contact: Mapped[str | None] = mapped_column(Str255)
    consent_quote: Mapped[bool] = mapped_column(Boolean, default=False)
    consent_contact: Mapped[bool] = mapped_column(Boolean, default=False)
    # Sentiment: the analyser's score and label, and the officer's override kept separately.
    sentiment_score: Mapped[float | None] = mapped_column(Float)
    sentiment_label: Mapped[str | None] = mapped_column(Str20)
    sentiment_drivers: Mapped[list | None] = mapped_column(JSON)
    sentiment_override: Mapped[str | None] = mapped_column(Str20)
    sentiment_override_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    sentiment_override_at: Mapped[datetime | None] = mapped_column(DateTime)
    # True until an officer has reviewed the suggested themes and sentiment.
    needs_review: Mapped[bool] = mapped_column(Boolean, default=True)
    safeguarding_flag: Mapped[bool] = mapped_column(Boolean, default=False)
    event_id: Mapped[int | None] = mapped_column(ForeignKey("engagement_event.id"), index=True)
    consultation_id: Mapped[int | None] = mapped_column(ForeignKey("consultation.id"))
    import_batch_id: Mapped[int | None] = mapped_column(ForeignKey("import_batch.id"))
    # Stable fingerprint of an imported row, so re-importing a file adds no duplicates.
    source_key: Mapped[str | None] = mapped_column(String(64), unique=True)
    anonymised_at: Mapped[datetime | None] = mapped_column(DateTime)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=_now)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=_now, onupdate=_now)
    version: Mapped[int] = mapped_column(Integer, default=1)

    themes: Mapped[list[FeedbackTheme]] = relationship(
        back_populates="feedback", cascade="all, delete-orphan"
    )
    equality: Mapped[EqualityMonitoring | None] = relationship(
        back_populates="feedback", cascade="all, delete-orphan"
    )
    safeguarding: Mapped[list[SafeguardingReview]] = relationship(
        back_populates="feedback", cascade="all, delete-orphan"
    )

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        # The browse table's default order and the quarterly filters.
        Index("ix_feedback_received", "received_on", "id"),
        Index("ix_feedback_kind_received", "kind", "received_on"),
        Index("ix_feedback_service_area_received", "service_area_id", "received_on"),
        Index("ix_feedback_district", "district_id"),
        Index("ix_feedback_role", "respondent_role_id"),
        Index("ix_feedback_team", "team_id"),
        Index("ix_feedback_sentiment", "sentiment_label", "received_on"),
        Index("ix_feedback_safeguarding", "safeguarding_flag", "received_on"),
        Index("ix_feedback_review", "needs_review", "received_on"),
        # Issue 7: the quarterly report and Trends read these columns for a quarter's records
        # from the index alone (a covering index), never the wide rows with their text.
        Index("ix_feedback_report", "received_on", "kind", "sentiment_label",
              "sentiment_override", "respondent_role_id", "service_area_id", "channel_id",
              "district_id", "age_band"),
        # Issue 7: publication.known_names lists the distinct respondent names by hopping
        # through this index (a loose index scan: one seek per distinct name), so it costs the
        # same on a million records as on a thousand. Partial: most records carry no name.
        Index("ix_feedback_respondent_name", "respondent_name",
              sqlite_where=sql_text("respondent_name IS NOT NULL"),
              postgresql_where=sql_text("respondent_name IS NOT NULL")),
        # PostgreSQL full-text search; SQLite uses the FTS5 table created by the migration.
        Index(
            "ix_feedback_text_fts",
            func.to_tsvector(literal_column("'english'"), literal_column("text")),
            postgresql_using="gin",
        ).ddl_if(dialect="postgresql"),
    )


class EqualityMonitoring(Base):
    """Optional equality-monitoring answers; never required, never shown outside aggregates."""

    __tablename__ = "equality_monitoring"
    feedback_id: Mapped[int] = mapped_column(
        ForeignKey("feedback.id", ondelete="CASCADE"), primary_key=True
    )
    gender: Mapped[str | None] = mapped_column(Str40)
    ethnicity: Mapped[str | None] = mapped_column(Str120)
    disability: Mapped[str | None] = mapped_column(Str40)
    religion: Mapped[str | None] = mapped_column(Str120)
    sexual_orientation: Mapped[str | None] = mapped_column(Str40)
    first_language: Mapped[str | None] = mapped_column(Str120)
    feedback: Mapped[Feedback] = relationship(back_populates="equality")


class FeedbackTheme(Base):
    __tablename__ = "feedback_theme"
    feedback_id: Mapped[int] = mapped_column(
        ForeignKey("feedback.id", ondelete="CASCADE"), primary_key=True
    )
    theme_id: Mapped[int] = mapped_column(ForeignKey("theme.id"), primary_key=True)
    source: Mapped[str] = mapped_column(Str20)  # ThemeSource
    status: Mapped[str] = mapped_column(Str20)  # ThemeLinkStatus
    confidence: Mapped[float | None] = mapped_column(Float)
    evidence: Mapped[list | None] = mapped_column(JSON)
    confirmed_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    confirmed_at: Mapped[datetime | None] = mapped_column(DateTime)

    feedback: Mapped[Feedback] = relationship(back_populates="themes")
    __table_args__ = (
        Index("ix_feedback_theme_theme", "theme_id", "status", "feedback_id"),
        # Issue 7: theme counts per quarter look links up by record and status from the index
        # alone (the report asks for status IN (suggested, confirmed) so both columns match).
        Index("ix_feedback_theme_report", "feedback_id", "status", "theme_id"),
    )


class SafeguardingReview(Base):
    """A safeguarding flag and what a manager decided. A flag is never cleared silently:
    it leaves the queue only when `decision` is recorded, with who and when."""

    __tablename__ = "safeguarding_review"
    id: Mapped[int] = mapped_column(primary_key=True)
    feedback_id: Mapped[int] = mapped_column(
        ForeignKey("feedback.id", ondelete="CASCADE"), index=True
    )
    flagged_at: Mapped[datetime] = mapped_column(DateTime, default=_now)
    flagged_by: Mapped[str] = mapped_column(Str40, default="analyser")  # analyser or a username
    reasons: Mapped[list] = mapped_column(JSON, default=list)  # [{"category", "text"}]
    decision: Mapped[str | None] = mapped_column(Str40)  # SafeguardingDecision
    decision_reason: Mapped[str | None] = mapped_column(Text)
    referral_reference: Mapped[str | None] = mapped_column(Str120)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime)
    feedback: Mapped[Feedback] = relationship(back_populates="safeguarding")
    __table_args__ = (Index("ix_safeguarding_review_open", "decision", "flagged_at"),)


# --------------------------------------------------------------------------- complaints


class ComplaintProcedure(Base):
    """A procedure template (stages, working-day timescales, extension limits) as JSON, so an
    administrator can edit timescales without a code change."""

    __tablename__ = "complaint_procedure"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(Str40, unique=True)
    kind: Mapped[str] = mapped_column(Str40)  # ProcedureKind
    name: Mapped[str] = mapped_column(Str255)
    definition: Mapped[dict] = mapped_column(JSON)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    __mapper_args__ = {"version_id_col": version}


class Complaint(Base):
    __tablename__ = "complaint"
    id: Mapped[int] = mapped_column(primary_key=True)
    feedback_id: Mapped[int] = mapped_column(
        ForeignKey("feedback.id", ondelete="CASCADE"), unique=True
    )
    reference: Mapped[str] = mapped_column(Str40, unique=True)
    procedure_id: Mapped[int] = mapped_column(ForeignKey("complaint_procedure.id"))
    handler_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"), index=True)
    current_stage: Mapped[int] = mapped_column(Integer, default=1)
    is_open: Mapped[bool] = mapped_column(Boolean, default=True, index=True)
    closed_on: Mapped[date | None] = mapped_column(Date)
    withdrawn: Mapped[bool] = mapped_column(Boolean, default=False)
    joint_school: Mapped[bool] = mapped_column(Boolean, default=False)
    joint_health: Mapped[bool] = mapped_column(Boolean, default=False)
    joint_notes: Mapped[str] = mapped_column(Text, default="")
    advocate_involved: Mapped[bool] = mapped_column(Boolean, default=False)
    ombudsman_referred_on: Mapped[date | None] = mapped_column(Date)
    ombudsman_reference: Mapped[str | None] = mapped_column(Str40)
    ombudsman_decision: Mapped[str | None] = mapped_column(Str40)  # OmbudsmanDecision
    ombudsman_decided_on: Mapped[date | None] = mapped_column(Date)
    ombudsman_remedy: Mapped[str | None] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer, default=1)

    stages: Mapped[list[ComplaintStage]] = relationship(
        back_populates="complaint", cascade="all, delete-orphan", order_by="ComplaintStage.number"
    )
    learning_points: Mapped[list[LearningPoint]] = relationship(
        back_populates="complaint", cascade="all, delete-orphan"
    )
    __mapper_args__ = {"version_id_col": version}


class ComplaintStage(Base):
    __tablename__ = "complaint_stage"
    id: Mapped[int] = mapped_column(primary_key=True)
    complaint_id: Mapped[int] = mapped_column(
        ForeignKey("complaint.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int] = mapped_column(Integer)
    received_on: Mapped[date] = mapped_column(Date, index=True)
    acknowledged_on: Mapped[date | None] = mapped_column(Date)
    due_on: Mapped[date] = mapped_column(Date)
    extended_to: Mapped[date | None] = mapped_column(Date)
    extension_reason: Mapped[str | None] = mapped_column(Text)
    # [{"start": iso, "end": iso|None, "reason": str}] where the procedure allows pausing.
    pauses: Mapped[list] = mapped_column(JSON, default=list)
    responded_on: Mapped[date | None] = mapped_column(Date, index=True)
    outcome: Mapped[str | None] = mapped_column(Str40)  # StageOutcome
    remedy: Mapped[str | None] = mapped_column(Text)
    investigator: Mapped[str | None] = mapped_column(Str120)
    milestones: Mapped[dict] = mapped_column(JSON, default=dict)  # stage 3 panel dates
    complaint: Mapped[Complaint] = relationship(back_populates="stages")
    __table_args__ = (
        UniqueConstraint("complaint_id", "number", name="uq_complaint_stage_number"),
        # Issue 7: "stages open at the end of the quarter" (received by then, not yet answered)
        # is counted from this index alone instead of reading every stage ever received.
        Index("ix_complaint_stage_open", "received_on", "responded_on"),
    )


class LearningPoint(Base):
    __tablename__ = "learning_point"
    id: Mapped[int] = mapped_column(primary_key=True)
    complaint_id: Mapped[int] = mapped_column(
        ForeignKey("complaint.id", ondelete="CASCADE"), index=True
    )
    stage_number: Mapped[int | None] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    action_id: Mapped[int | None] = mapped_column(ForeignKey("yswd_action.id", ondelete="SET NULL"))
    complaint: Mapped[Complaint] = relationship(back_populates="learning_points")


class Compliment(Base):
    __tablename__ = "compliment"
    id: Mapped[int] = mapped_column(primary_key=True)
    feedback_id: Mapped[int] = mapped_column(
        ForeignKey("feedback.id", ondelete="CASCADE"), unique=True
    )
    praised_person: Mapped[str | None] = mapped_column(Str120)
    praised_team_id: Mapped[int | None] = mapped_column(ForeignKey("reference_item.id"))
    thanks_passed_on: Mapped[date | None] = mapped_column(Date)
    thanks_passed_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))

    # Issue 7: the distinct praised names, read like respondent names (see Feedback).
    __table_args__ = (
        Index("ix_compliment_praised_person", "praised_person",
              sqlite_where=sql_text("praised_person IS NOT NULL"),
              postgresql_where=sql_text("praised_person IS NOT NULL")),
    )


# --------------------------------------------------------------------------- You Said, We Did


class Action(Base):
    __tablename__ = "yswd_action"
    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(Str40, unique=True)
    said_summary: Mapped[str] = mapped_column(Text)
    we_did: Mapped[str] = mapped_column(Text, default="")
    owner_role: Mapped[str] = mapped_column(Str120)
    partners: Mapped[str] = mapped_column(Text, default="")
    service_area_id: Mapped[int | None] = mapped_column(ForeignKey("reference_item.id"))
    due_on: Mapped[date | None] = mapped_column(Date, index=True)
    evidence_of_impact: Mapped[str] = mapped_column(Text, default="")
    publish: Mapped[bool] = mapped_column(Boolean, default=False)
    # Denormalised latest status for filtering; the history in yswd_status is the record.
    current_status: Mapped[str] = mapped_column(Str20, index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=_now)
    version: Mapped[int] = mapped_column(Integer, default=1)

    statuses: Mapped[list[ActionStatusEntry]] = relationship(
        back_populates="action", cascade="all, delete-orphan", order_by="ActionStatusEntry.as_at"
    )
    notes: Mapped[list[ActionProgressNote]] = relationship(
        back_populates="action", cascade="all, delete-orphan", order_by="ActionProgressNote.noted_on"
    )
    __mapper_args__ = {"version_id_col": version}


class ActionStatusEntry(Base):
    """Status history: appended, never overwritten."""

    __tablename__ = "yswd_status"
    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(
        ForeignKey("yswd_action.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[str] = mapped_column(Str20)  # ActionStatus
    as_at: Mapped[date] = mapped_column(Date)
    comment: Mapped[str] = mapped_column(Text, default="")
    set_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    set_at: Mapped[datetime] = mapped_column(DateTime, default=_now)
    action: Mapped[Action] = relationship(back_populates="statuses")


class ActionProgressNote(Base):
    __tablename__ = "yswd_progress_note"
    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(
        ForeignKey("yswd_action.id", ondelete="CASCADE"), index=True
    )
    noted_on: Mapped[date] = mapped_column(Date)
    text: Mapped[str] = mapped_column(Text)
    by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    action: Mapped[Action] = relationship(back_populates="notes")


class ActionFeedbackLink(Base):
    __tablename__ = "yswd_action_feedback"
    action_id: Mapped[int] = mapped_column(
        ForeignKey("yswd_action.id", ondelete="CASCADE"), primary_key=True
    )
    feedback_id: Mapped[int] = mapped_column(
        ForeignKey("feedback.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class ActionThemeLink(Base):
    __tablename__ = "yswd_action_theme"
    action_id: Mapped[int] = mapped_column(
        ForeignKey("yswd_action.id", ondelete="CASCADE"), primary_key=True
    )
    theme_id: Mapped[int] = mapped_column(ForeignKey("theme.id"), primary_key=True, index=True)


class ToldBack(Base):
    """Closing the loop: the people who raised it were told what happened."""

    __tablename__ = "yswd_told_back"
    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(
        ForeignKey("yswd_action.id", ondelete="CASCADE"), index=True
    )
    told_on: Mapped[date] = mapped_column(Date)
    method: Mapped[str] = mapped_column(Str20)  # ToldBackMethod
    # Set for individual contact; empty for a newsletter or event that told everyone linked.
    feedback_id: Mapped[int | None] = mapped_column(
        ForeignKey("feedback.id", ondelete="CASCADE"), index=True
    )
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))


# --------------------------------------------------------------------------- user preferences


class SavedFilter(Base):
    __tablename__ = "saved_filter"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(Str120)
    definition: Mapped[dict] = mapped_column(JSON)
    __table_args__ = (UniqueConstraint("user_id", "name", name="uq_saved_filter_user_name"),)


class ImportMapping(Base):
    __tablename__ = "import_mapping"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(Str120, unique=True)
    definition: Mapped[dict] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=_now)


class RetentionRule(Base):
    __tablename__ = "retention_rule"
    kind: Mapped[str] = mapped_column(Str40, primary_key=True)  # RecordKind
    years: Mapped[int] = mapped_column(Integer)
    # For complaints the clock starts at closure; for other kinds at the date received.
    from_closure: Mapped[bool] = mapped_column(Boolean, default=False)
