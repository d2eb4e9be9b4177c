from __future__ import annotations

import re
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from voiceapp.analysis import Analyzer, names, redact, redact_spans, redaction


@pytest.mark.parametrize("phone", [
    "07700 900123", "07700900123", "+44 7700 900123", "+447700900123", "(01632) 960 001",
    "01632 960001", "020 7946 0018", "0161 496 0734", "07700-900-321", "07700 900 982",
    "+44 (0)1632 960123", "0044 7700 900123", "01632960777",
])
def test_every_phone_format(phone: str) -> None:
    assert redact(f"Ring me on {phone} after 3pm.") == "Ring me on [PHONE] after 3pm."


@pytest.mark.parametrize("postcode", [
    "SW1A 1AA", "M1 1AE", "B33 8TH", "CR2 6XH", "DN55 1PT", "EC1A 1BB", "sw1a 1aa", "m1 1ae",
    "B338TH", "cr26xh",
])
def test_every_postcode_format(postcode: str) -> None:
    assert redact(f"We moved to {postcode} in June.") == "We moved to [POSTCODE] in June."


@pytest.mark.parametrize("text", ["KS2 3RD results", "Year 6 2nd term"])
def test_postcode_lookalikes_kept(text: str) -> None:
    assert redact(text) == text


@pytest.mark.parametrize("nhs", ["485 777 3456", "4857773456", "485-777-3456"])
def test_nhs_numbers(nhs: str) -> None:
    assert redact(f"NHS number {nhs}.") == "NHS number [NHS_NUMBER]."
    assert redact(f"Her number for the GP is {nhs}") == "Her number for the GP is [NHS_NUMBER]"


@pytest.mark.parametrize(("text", "expected"), [
    ("DOB 14/03/2012", "DOB [DOB]"),
    ("d.o.b: 21/7/14", "d.o.b: [DOB]"),
    ("date of birth 1 September 2010", "date of birth [DOB]"),
    ("He was born on 3rd May 2015.", "He was born on [DOB]."),
    ("born 12th of January 2016", "born [DOB]"),
])
def test_dates_of_birth(text: str, expected: str) -> None:
    assert redact(text) == expected


def test_other_dates_and_months_are_kept() -> None:
    text = "The review is on 12 March and the panel met on 03/04/2024."
    assert redact(text) == text


@pytest.mark.parametrize(("text", "expected"), [
    ("We live at 12 Acacia Road now.", "We live at [ADDRESS] now."),
    ("Flat 3, 45 High Street, Wrenfold", "[ADDRESS], Wrenfold"),
    ("send it to 104b station road please", "send it to [ADDRESS] please"),
    ("She lives in Flat 12, Marsh Court.", "She lives in [ADDRESS]."),
])
def test_street_addresses(text: str, expected: str) -> None:
    assert redact(text) == expected


def test_ten_weeks_in_a_row_is_not_an_address() -> None:
    assert redact("He was excluded 10 weeks in a row.") == "He was excluded 10 weeks in a row."


@pytest.mark.parametrize(("text", "expected"), [
    ("Mrs Okafor rang.", "[NAME] rang."),
    ("I spoke to Mr Hargreaves the SENCO.", "I spoke to [NAME] the SENCO."),
    ("Ms Begum, Miss Patel and Dr Adeyemi came.", "[NAME], [NAME] and [NAME] came."),
    ("Mx Taylor runs it.", "[NAME] runs it."),
    ("my son Tyler is 9", "my son [NAME] is 9"),
    ("our social worker Priya Shah is fab", "our social worker [NAME] is fab"),
    ("a boy called Mason hit him", "a boy called [NAME] hit him"),
    ("we named her Zainab", "we named her [NAME]"),
    ("Thanks to Gemma and Lewis!", "Thanks to [NAME] and [NAME]!"),
    ("my worker jess is sound", "my worker [NAME] is sound"),
    ("Kind regards,\nJoanne Fairweather", "Kind regards,\n[NAME]"),
    ("Gareth from the transport team rang.", "[NAME] from the transport team rang."),
    ("I'm Kerry, Alfie's mum.", "I'm [NAME], [NAME]'s mum."),
])
def test_names(text: str, expected: str) -> None:
    assert redact(text) == expected


def test_known_names_always_removed_case_insensitively() -> None:
    text = "Zephyrine said BRAMWELL-OKE was late; zephyrine agreed."
    assert redact(text, known_names=["Zephyrine Bramwell-Oke"]) == (
        "[NAME] said [NAME] was late; [NAME] agreed.")
    assert Analyzer(known_names=["Quillon"]).redact("quillon rang") == "[NAME] rang"


@pytest.mark.parametrize("text", [
    "The Local Offer page about EHC plans was useful and Mum found it easy.",
    "Dad said the SEND team will call in May.",
    "Will someone call me back? Transport is late again.",
    "Grace period for applications ends in June.",
    "Key Stage 2 results came out and Year 6 did well.",
])
def test_ordinary_words_kept(text: str) -> None:
    assert redact(text) == text


def test_spans_are_typed_sorted_and_match_the_text() -> None:
    text = "Email jo.bloggs@example.com or ring 07700 900123, Mrs Bloggs"
    spans = redact_spans(text)
    assert [s.kind for s in spans] == ["EMAIL", "PHONE", "NAME"]
    assert all(text[s.start:s.end] == s.text for s in spans)


_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=200), st.emails())
def test_redact_never_fails_and_always_removes_emails(noise: str, email: str) -> None:
    out = redact(f"{noise} {email} {noise}")
    assert email not in out
    assert isinstance(redact(noise), str)


@settings(max_examples=100, deadline=None)
@given(st.from_regex(r"07700 ?900[0-9]{3}", fullmatch=True), st.text(
    alphabet=st.characters(whitelist_categories=("Ll", "Zs")), max_size=40))
def test_mobiles_in_any_text_are_removed(phone: str, words: str) -> None:
    assert phone not in redact(f"{words} {phone} {words}")


# ------------------------------------------------------------------------------------ SCHOOL
@pytest.mark.parametrize("school", [
    "Hallowmere Primary School", "St Anne's C of E Primary", "St. Mary's Catholic Primary School",
    "Wrenfold Academy", "Corrigan Heath High", "Saltby Marsh Nursery",
    "Pennock Vale Pupil Referral Unit", "Lowdrith Sixth Form College", "Quillbeck CE Primary",
    "St Cuthbert's RC Primary", "Brindlecombe Church of England Primary", "Lowdrith Park Infants",
    "Kittlewick Juniors", "Thistledown Pre-school", "Acorn Steps Day Nursery",
    "Orchard Rise Primary", "Wrenfold High School", "Willowbank Special School",
    "Our Lady of Lourdes Catholic Primary", "St Peter and St Paul CE Primary",
    "Pennock Vale Community College", "Saltby Marsh Sixth Form", "Wrenfold PRU",
    "St Anne’s Infant School", "Heronsgate Grammar School",
])
def test_named_settings_are_removed(school: str) -> None:
    text = f"My son at {school} was excluded twice."
    assert redact(text) == "My son at [SCHOOL] was excluded twice."
    assert redact(f"{school} said no.") == "[SCHOOL] said no."  # at the start of the text


@pytest.mark.parametrize(("text", "expected"), [
    ("He goes to Hallowmere primary school now.", "He goes to [SCHOOL] now."),
    ("We chose Wrenfold academy for her.", "We chose [SCHOOL] for her."),
    ("my son at HALLOWMERE PRIMARY SCHOOL was sent home", "my son at [SCHOOL] was sent home"),
    ("ST ANNE'S C OF E PRIMARY SCHOOL IS GREAT", "[SCHOOL] IS GREAT"),
    ("she's at Lowdrith sixth form college", "she's at [SCHOOL]"),
    ("Corrigan Heath High School's SENCO rang", "[SCHOOL]'s SENCO rang"),
    ("Wrenfold School and Hallowmere Academy both said no.", "[SCHOOL] and [SCHOOL] both said no."),
    ("Excluded from St Cuthbert's RC Primary, Wrenfold.", "Excluded from [SCHOOL], Wrenfold."),
    ("Parents and Wrenfold Academy staff met.", "Parents and [SCHOOL] staff met."),
    ("The Grange School was great.", "The [SCHOOL] was great."),
])
def test_school_case_and_context_variations(text: str, expected: str) -> None:
    assert redact(text) == expected


@pytest.mark.parametrize("text", [
    "the school rang me", "his primary school is fine", "He needs a special school.",
    "There are no SEND school places.", "SEND School places are full.",
    "School transport was late again.", "Primary school places are short.", "Our school is ok.",
    "the High Needs block is overspent", "Secondary transfer went well.",
    "Forest School sessions on Fridays", "The Youth Service was closed.",
    "The Virtual School Head came to the PEP.", "Wrenshire Virtual School rang.",
    "The Head of School replied.", "The School Nurse was kind.", "The Headteacher replied.",
    "A Special School would suit him.", "a Catholic primary school or a C of E primary",
    "Started nursery in September.", "Started secondary school in September.",
    "Hallowmere High Street was closed.", "Summer School was fun.", "Sunday School was fun.",
    "the Home to School Transport Team", "Further Education College courses",
    "Royal College of Nursing guidance", "The Academy Trust replied.", "Grammar School tests",
    "Year 6 Primary", "the Pupil Referral Unit", "Sixth Form open evening",
    "Wrenfold Primary Care Network", "HE LOVES SCHOOL NOW", "an Ofsted-registered nursery",
    "Hallowmere Family Hub and Lowdrith Children's Centre",
])
def test_generic_mentions_services_and_titles_are_kept(text: str) -> None:
    assert redact(text) == text


def test_school_next_to_a_child_and_a_name_inside_a_school() -> None:
    assert redact("Jayden at Wrenfold Academy is struggling.") == (
        "[NAME] at [SCHOOL] is struggling.")
    assert redact("Mrs Okafor, head of Corrigan Heath High, rang.") == "[NAME], head of [SCHOOL], rang."
    assert redact("Tyler's nursery rang.") == "[NAME]'s nursery rang."  # a child's nursery
    # "Anne" alone is a given name to the NAME rules: inside a school it is one [SCHOOL]
    spans = redact_spans("Emma goes to St Anne's C of E Primary.")
    assert [(s.kind, s.text) for s in spans] == [
        ("NAME", "Emma"), ("SCHOOL", "St Anne's C of E Primary")]
    # known names inside a school's name: still one placeholder
    assert redact("He is at Fairweather Academy.", known_names=["Jo Fairweather"]) == (
        "He is at [SCHOOL].")


def test_school_inside_an_address_is_an_address() -> None:
    assert redact("Flat 2, Hallowmere School House, please.") == "[ADDRESS], please."
    assert redact("We live at 12 Academy Road.") == "We live at [ADDRESS]."


_SCHOOLISH_WORDS = [
    "St", "St.", "Saint", "Anne's", "Mary's", "Our", "Lady", "of", "and", "&", "C", "E", "CE", "RC",
    "Catholic", "Church", "England", "Community", "Day", "Hallowmere", "Wrenfold", "Corrigan",
    "Heath", "Saltby", "Marsh", "Pennock", "Vale", "Lowdrith", "Park", "Rise", "The", "the",
    "SEND", "Virtual", "Forest", "Head", "Jayden", "Mrs", "Okafor", "went", "to", "Tyler's",
    "HALLOWMERE", ",", ".", "\n", "Special", "Grammar", "Pupil", "Referral", "Form", "Pre",
]
_SETTING_WORDS = ["School", "school", "Primary", "primary", "High", "Academy", "academy",
                  "College", "Nursery", "Pre-school", "Infants", "Juniors", "Sixth", "PRU",
                  "Unit", "SCHOOL", "ACADEMY"]


def _spans_without_school_rule(text: str) -> list:
    with mock.patch.object(redaction, "_school_spans", return_value=[]):
        return redact_spans(text)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(_SCHOOLISH_WORDS), max_size=25), st.text(max_size=30))
def test_text_without_a_setting_word_is_unchanged_by_the_school_rule(
        words: list[str], noise: str) -> None:
    text = " ".join(words) + " " + noise
    if any(hint in text.lower() for hint in redaction._SCHOOL_HINTS):
        return  # the noise spelt a setting word
    assert redaction._school_spans(text, None) == []
    assert redact_spans(text) == _spans_without_school_rule(text)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(_SCHOOLISH_WORDS + _SETTING_WORDS), max_size=25))
def test_word_gate_never_drops_a_school(words: list[str]) -> None:
    """The analyser passes the text's words; that gate must give the same spans as none."""
    text = " ".join(words)
    assert redaction._school_spans(text, re.findall(r"\w+", text.lower())) == (
        redaction._school_spans(text, None))
    # a SCHOOL span (possibly merged with a name that runs on) always holds a setting word
    setting = {w.lower() for w in _SETTING_WORDS} | {"form"}
    for span in redact_spans(text):
        if span.kind == "SCHOOL":
            assert setting & set(span.text.lower().split()), span


# ------------------------------------------------------------- NAME: names from every community
# The board report's leaked quote, exactly as the demo generator wrote it (feedback 3422 in the
# 6,000-record screenshot database; "Kojo" and "Islam" are names the database knows).
_DEMO_QUOTE = ("Please pass on our thanks to Kojo. We were kept informed throughout, which meant we "
               "could plan support around Harjot Islam. The plan was issued within 20 weeks.")


@pytest.mark.parametrize("known", [(), ("Kojo", "Islam")])
def test_demo_quote_that_leaked_harjot(known: tuple[str, ...]) -> None:
    assert redact(_DEMO_QUOTE, known_names=known) == (
        "Please pass on our thanks to [NAME]. We were kept informed throughout, which meant we "
        "could plan support around [NAME]. The plan was issued within 20 weeks.")


def test_a_name_just_before_a_found_name_joins_it() -> None:
    # the first names here are in no list: only the surname the database knows finds them
    assert "sukhmani" not in names.GIVEN_NAMES and "oyelowo" not in names.GIVEN_NAMES
    assert redact("We could plan support around Sukhmani Islam.", known_names=["Islam"]) == (
        "We could plan support around [NAME].")
    assert redact("The worker met Oyelowo Bamgbose and his dad.", known_names=["Bamgbose"]) == (
        "The worker met [NAME] and his dad.")
    # not across a sentence start, and never an ordinary word, a place or a title
    assert redact("It was fine. Sadly Priya left.") == "It was fine. Sadly [NAME] left."
    assert redact("We live in Saltby Marsh now.", known_names=["Jo Marsh"]) == (
        "We live in Saltby Marsh now.")
    assert redact("The Lovely Priya came.") == "The Lovely [NAME] came."
    assert redact("Please thank Mrs Okafor.") == "Please thank [NAME]."


@pytest.mark.parametrize(("text", "expected"), [
    ("Nasreen rang the hub twice and nobody called back.",
     "[NAME] rang the hub twice and nobody called back."),
    ("I am writing about Hao Zhang (Year 6), who has been out of school since May.",
     "I am writing about [NAME] (Year 6), who has been out of school since May."),
    ("Li Na Chen asked for the letter in Mandarin.", "[NAME] asked for the letter in Mandarin."),
    ("It has been a hard year. Regards, Li Na", "It has been a hard year. Regards, [NAME]"),
    ("The transport keeps changing drivers and Tiwa gets really distressed.",
     "The transport keeps changing drivers and [NAME] gets really distressed."),
    ("Please pass on our thanks to Kojo.", "Please pass on our thanks to [NAME]."),
    ("Poppy has been open to SEND since March.", "[NAME] has been open to SEND since March."),
    ("Poppy is 14, in Year 10 at the academy.", "[NAME] is 14, in Year 10 at the academy."),
    ("My son gets the bus on his own now. Many thanks, Leanne Ellison",
     "My son gets the bus on his own now. Many thanks, [NAME]"),
    ("Leanne Ellison rang about the appeal.", "[NAME] rang about the appeal."),
    ("Holly (5) has lived with us since June.", "[NAME] (5) has lived with us since June."),
    ("Our youngest, Jun, is 8 and was diagnosed last year.",
     "Our youngest, [NAME], is 8 and was diagnosed last year."),
])
def test_names_the_demo_check_found_missed(text: str, expected: str) -> None:
    assert redact(text) == expected


@pytest.mark.parametrize("name", [
    "Muhammad", "Mohammed", "Mohamed", "Aisha", "Fatima", "Zainab", "Maryam", "Ayesha", "Harjot",
    "Harpreet", "Gurpreet", "Simran", "Jaspreet", "Priya", "Arjun", "Aarav", "Rohan", "Anaya",
    "Nasreen", "Farhan", "Imran", "Hamza", "Yusuf", "Ibrahim", "Omar", "Amira", "Layla", "Kojo",
    "Kwame", "Ama", "Tiwa", "Tiwaloluwa", "Chidi", "Chiamaka", "Adaeze", "Oluwaseun", "Temi",
    "Tobi", "Zara", "Hao", "Wei", "Mei", "Jia", "Oliwia", "Zuzanna", "Jakub", "Kacper", "Mateusz",
    "Andrei", "Ioana", "Elif", "Emre", "Yasmin", "Hodan", "Abdi", "Ayaan", "Oliver", "Vicky",
    "Minh", "Huong", "Zeynep", "Kwabena", "Yetunde", "Katarzyna", "Magda", "Efua", "Inaaya",
])
def test_common_given_names_from_every_community(name: str) -> None:
    # mid-sentence with no cue, at the start of a sentence, and in lower case
    assert redact(f"The staff were great with {name} and explained everything.") == (
        "The staff were great with [NAME] and explained everything.")
    assert redact(f"{name} now gets the bus on their own.") == (
        "[NAME] now gets the bus on their own.")
    if len(name) >= 3:
        assert redact(f"our worker {name.lower()} was kind") == "our worker [NAME] was kind"


@pytest.mark.parametrize(("text", "expected"), [
    ("The course was brilliant. Thank you, Oyindamola",
     "The course was brilliant. Thank you, [NAME]"),
    ("Grace is 90% sure. May is 5 weeks away.", "Grace is 90% sure. May is 5 weeks away."),
    ("Kind regards, Thu", "Kind regards, [NAME]"),
    ("Please make sure she knows. Thu", "Please make sure she knows. [NAME]"),
    ("For context, Zephyrin is 7 and has cerebral palsy.",
     "For context, [NAME] is 7 and has cerebral palsy."),
    ("Marcus Mensah, Healthwatch Wrenshire", "[NAME], Healthwatch Wrenshire"),
])
def test_sign_offs_and_ages_find_names_in_no_list(text: str, expected: str) -> None:
    assert redact(text) == expected


@pytest.mark.parametrize("text", [
    "Hope this helps. Summer is hard for us. Grace period rules are unclear.",
    "Hope is all we have. Amber warnings went out. Will someone call me back?",
    "Rose Cottage respite closed in April. Max two children per session.",
    "The panel meets in Jun and Jul. Score is 4 out of 10. Maths is 4 and English is 5.",
    "Thanks, Everyone. Regards, Concerned parent",
    "Hello, We're in Saltby Marsh and it’s too far. We’ve moved.",
    "Thanks to Wrenfold for the help.",
    "We moved from Corrigan Heath to Pennock Vale, then Lowdrith.",
    "Families in Wrenfold, Hallowmere and Saltby Marsh told Wrenshire the same.",
    "Having said that, Being on the youth council is good. Feedback was positive.",
    "Spoke to Hallowmere Family Hub and Lowdrith Children's Centre.",
])
def test_ordinary_capitalised_words_and_places_are_kept(text: str) -> None:
    assert redact(text) == text
    assert redact(text, known_names=["Jo Marsh", "Ann Heath"]) == text


@pytest.mark.parametrize("place", ["Wrenfold", "Hallowmere", "Corrigan Heath", "Saltby Marsh",
                                   "Pennock Vale", "Lowdrith", "Wrenshire"])
def test_place_names_are_kept_next_to_names(place: str) -> None:
    assert redact(f"Thanks to {place} staff and to Priya in {place}.") == (
        f"Thanks to {place} staff and to [NAME] in {place}.")
    assert redact(f"Dear {place} team,") == f"Dear {place} team,"


def test_name_lists_do_not_take_ordinary_words() -> None:
    # given names are never ordinary words of the sentiment lexicon (two short names are there
    # as slang), and the words the product keeps stay kept
    from voiceapp.analysis.sentiment import plain_vader
    lexicon = set(plain_vader().lexicon)
    assert (names.GIVEN_NAMES & lexicon).issubset({"mia", "tia"})
    assert (names.GIVEN_NAMES & names.NOT_NAMES).issubset({"christian"})
    assert names.START_NAMES.issubset(names.AMBIGUOUS_NAMES)
    assert names.DATE_NAMES.issubset(names.NOT_NAMES)
    assert len(names.GIVEN_NAMES) > 2000
