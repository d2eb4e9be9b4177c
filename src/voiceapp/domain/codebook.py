"""The starter codebook seeded into every new database (DOMAIN.md section 3).

Top-level slugs are fixed by the product brief; the sub-codes are voiceapp's proposal and, like
everything in the codebook, can be renamed, moved, merged or retired by an administrator.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class CodeDef:
    slug: str
    name: str
    description: str
    children: tuple[CodeDef, ...] = field(default=())


def _c(slug: str, name: str, description: str, *children: CodeDef) -> CodeDef:
    return CodeDef(slug, name, description, tuple(children))


STARTER_CODEBOOK: tuple[CodeDef, ...] = (
    _c("communication", "Communication and responsiveness",
       "Calls and emails returned or not, kept informed, clear explanations, agreed contact frequency.",
       _c("communication.response_times", "Replies and returned calls", "Whether calls and emails were answered, and how quickly."),
       _c("communication.kept_informed", "Kept informed", "Updates on progress without having to chase."),
       _c("communication.clarity", "Clear explanations", "Jargon, clarity of letters and decisions.")),
    _c("information", "Information and advice",
       "Local Offer, knowing who to contact, how to access help, leaflets, website.",
       _c("information.local_offer", "Local Offer", "The Local Offer website and directory."),
       _c("information.who_to_contact", "Knowing who to contact", "Named contacts, switchboards, being passed around.")),
    _c("timeliness", "Timeliness, delay and waiting",
       "Waiting lists, delays, drift, deadlines missed, 'still waiting'.",
       _c("timeliness.waiting_lists", "Waiting lists", "Waiting for assessment, therapy or a service to start."),
       _c("timeliness.statutory_deadlines", "Statutory deadlines missed", "EHC 20-week timescale, annual reviews, late plans.")),
    _c("assessment_plans", "Assessments and plans",
       "EHC needs assessment, EHC plan quality, care plans, reviews, getting a copy of the plan.",
       _c("assessment_plans.ehc_needs_assessment", "EHC needs assessment", "Requests, refusals, the assessment process."),
       _c("assessment_plans.plan_quality", "Plan quality", "Whether plans are accurate, specific and up to date."),
       _c("assessment_plans.annual_review", "Annual reviews", "Review meetings, amendments, paperwork after reviews.")),
    _c("provision", "Provision and support meeting needs",
       "Specialist places, school placement, support not available, unmet needs, respite.",
       _c("provision.specialist_places", "Specialist places", "Special school and resourced provision places."),
       _c("provision.respite", "Short breaks and respite", "Availability and quality of short breaks."),
       _c("provision.unmet_needs", "Unmet needs", "Support in the plan that is not delivered.")),
    _c("listening", "Being listened to and involved",
       "Views heard, wishes and feelings, telling the story once, involvement in decisions.",
       _c("listening.tell_it_once", "Telling the story once", "Having to repeat the family's history to each new professional."),
       _c("listening.child_voice", "Child's wishes and feelings", "Children's views sought and acted on.")),
    _c("coproduction", "Working together and co-production",
       "Partnership with families, forums, collaboration with schools and settings.",
       _c("coproduction.parent_forum", "Parent carer forum", "Work with the parent carer forum and representative groups."),
       _c("coproduction.multi_agency", "Joined-up working", "Education, health and care working together.")),
    _c("staff", "Staff practice and relationships",
       "Kindness, professionalism, praise for a worker, changes of worker, attitude.",
       _c("staff.praise", "Praise for a worker", "Thanks for a named worker or team."),
       _c("staff.change_of_worker", "Changes of worker", "Turnover, agency staff, losing a trusted worker."),
       _c("staff.attitude", "Attitude and respect", "Feeling judged, dismissed or respected.")),
    _c("education", "School and education",
       "Inclusion, exclusion, part-time timetables, teachers, attendance.",
       _c("education.exclusion", "Exclusion and part-time timetables", "Suspensions, exclusions, reduced timetables."),
       _c("education.school_placement", "School placement", "Satisfaction with the school or setting named.")),
    _c("health_wellbeing", "Health and emotional wellbeing",
       "Mental health support, therapies, diagnosis pathways.",
       _c("health_wellbeing.mental_health", "Mental health support", "CAMHS, counselling, waiting for help."),
       _c("health_wellbeing.therapies", "Therapies", "Speech and language, occupational therapy, physiotherapy."),
       _c("health_wellbeing.diagnosis", "Diagnosis pathways", "Autism and ADHD assessment pathways.")),
    _c("safety", "Feeling safe and bullying",
       "Bullying, feeling safe at school or in the community.",
       _c("safety.bullying", "Bullying", "Bullying in person or online."),
       _c("safety.community", "Safety in the community", "Feeling safe out and about, on buses, in parks.")),
    _c("transitions", "Transitions and preparing for adulthood",
       "Moving school, leaving care, post-16, employment, independence.",
       _c("transitions.post16", "Post-16 and adulthood", "College, apprenticeships, employment, adult services."),
       _c("transitions.leaving_care", "Leaving care", "Pathway plans, housing, personal advisers.")),
    _c("activities", "Play, leisure and social life",
       "Clubs, activities, friends, holidays."),
    _c("transport", "Travel and transport",
       "Home to school transport, travel training."),
    _c("family_support", "Family support and early help",
       "Help for parents, early help, foster carer support, sibling contact.",
       _c("family_support.early_help", "Early help", "Family support workers, parenting courses."),
       _c("family_support.foster_carer_support", "Foster carer support", "Support for foster and kinship carers."),
       _c("family_support.contact", "Family time and contact", "Contact with parents and siblings.")),
)

TOP_LEVEL_SLUGS: tuple[str, ...] = tuple(code.slug for code in STARTER_CODEBOOK)


def iter_codes(codes: tuple[CodeDef, ...] = STARTER_CODEBOOK, parent: str | None = None):
    """Yield (code, parent_slug) depth first, parents before their children."""
    for code in codes:
        yield code, parent
        yield from iter_codes(code.children, code.slug)
