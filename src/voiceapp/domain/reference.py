"""Default reference lists for a new database (DOMAIN.md section 2). Administrators edit them later.

Each entry is (code, label). Codes are stable identifiers used by imports and the command line;
labels are what people see and may be renamed.
"""

from __future__ import annotations

CHANNELS: list[tuple[str, str]] = [
    ("event", "Event"),
    ("phone", "Phone"),
    ("email", "Email"),
    ("letter", "Letter"),
    ("online_form", "Online form"),
    ("survey", "Survey"),
    ("app", "App"),
    ("face_to_face", "Face to face"),
    ("meeting", "Meeting"),
]

RESPONDENT_ROLES: list[tuple[str, str]] = [
    ("parent_carer", "Parent carer"),
    ("child_young_person", "Child or young person"),
    ("care_leaver", "Care leaver"),
    ("foster_carer", "Foster carer"),
    ("family_member", "Family member"),
    ("school_setting", "School or setting"),
    ("health_professional", "Health professional"),
    ("social_care_professional", "Social care professional"),
    ("other_professional", "Other professional"),
    ("partner_organisation", "Partner organisation or representative group"),
    ("member_of_public", "Member of the public"),
    ("elected_member", "Elected member"),
    ("staff", "Staff"),
]

SERVICE_AREAS: list[tuple[str, str]] = [
    ("send_ehc", "SEND casework and EHC plans"),
    ("educational_psychology", "Educational psychology"),
    ("local_offer", "Local Offer"),
    ("short_breaks", "Short breaks"),
    ("children_with_disabilities", "Children with disabilities"),
    ("early_help", "Early help and family support"),
    ("front_door", "Front door / MASH"),
    ("child_protection", "Child protection"),
    ("cla_iro", "Children looked after and IROs"),
    ("fostering", "Fostering"),
    ("care_leavers", "Care leavers"),
    ("adoption", "Adoption and permanence"),
    ("youth_services", "Youth services"),
    ("exploitation_missing", "Exploitation and missing (Get Safe)"),
    ("education_inclusion", "Education and inclusion"),
    ("school_transport", "Home to school transport"),
    ("health_therapies", "Health and therapies"),
    ("emotional_wellbeing", "Emotional wellbeing and mental health"),
    ("youth_justice", "Youth justice"),
]

# Districts of the fictional county of Wrenshire used in a new database and the demo. A real
# council replaces these in Settings; they are placeholders, not real places.
DISTRICTS: list[tuple[str, str]] = [
    ("wrenfold", "Wrenfold"),
    ("hallowmere", "Hallowmere"),
    ("corrigan_heath", "Corrigan Heath"),
    ("saltby_marsh", "Saltby Marsh"),
    ("pennock_vale", "Pennock Vale"),
    ("lowdrith", "Lowdrith"),
]
