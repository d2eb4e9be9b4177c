"""Write the import fixtures in this folder: one file per supported layout and encoding, and the
malformed files the importer must refuse or report on. Deterministic (fixed seed), so running it
again produces the same bytes except for the .xlsx timestamps openpyxl writes.

    .venv/bin/python tests/data/imports/make_fixtures.py

All people, places and services are fictional (Wrenshire County Council)."""

from __future__ import annotations

import csv
import io
import random
from datetime import datetime, timedelta
from pathlib import Path

import openpyxl

HERE = Path(__file__).parent
RNG = random.Random(20241122)

ROLES = ["Parent or carer", "Young person", "Foster carer", "Grandparent", "SENCO",
         "Social worker"]
DISTRICTS = ["Wrenfold", "Hallowmere", "Corrigan Heath", "Saltby Marsh", "Pennock Vale",
             "Lowdrith"]
SATISFACTION = ["Very satisfied", "Satisfied", "Neither satisfied nor dissatisfied",
                "Dissatisfied", "Very dissatisfied"]
WORKED_WELL = [
    "Our caseworker Priya rang back the same day every time and explained what would happen next.",
    "The family hub in Hallowmere was welcoming and the coffee morning helped me meet other parents.",
    "Having one named person to contact made a real difference – I didn’t have to repeat our story.",
    "The short breaks club gave my son somewhere he feels safe and happy on Saturdays.",
    "The EHC plan finally reflects what school said about my daughter’s needs.",
    "Staff at the Local Offer drop-in were kind and pointed us to the right support.",
    "The speech and language therapist listened to us and the exercises are working.",
    "",
]
BETTER = [
    "We waited 26 weeks for the EHC plan and nobody told us why it was late.",
    "Emails go unanswered for weeks; please reply even if you have no news yet.",
    "The Local Offer website is hard to search and half the links are out of date.",
    "Transport to school keeps changing drivers and my son gets very anxious.",
    "Annual review paperwork arrived two days before the meeting, far too late to read it.",
    "It costs £15 a session for the holiday club, which we can’t afford every week.",
    "Please stop changing our social worker – we have had four this year.",
    "",
    "",
]
YOUNG_BEST = [
    "The youth workers actually listen to us and don’t judge.",
    "Playing football on Thursdays and seeing my friends.",
    "It’s somewhere to go that isn’t home or school.",
    "The trip to the outdoor centre was the best day ever!!",
    "I like that we got to choose the new games room stuff",
    "Free food and the staff are sound",
]
YOUNG_EXTRA = ["", " Thanks to Jordan and the team.", " Honestly it's the best night of the week.",
               " My mum says I'm calmer after.", " We need more nights like this.",
               " I've made new mates here.", " Please keep it going!"]
YOUNG_CHANGE = [
    "Open on Saturdays too please",
    "The bus home is at 8 and the club finishes at 8.30 so I have to leave early",
    "Nothing, it's great",
    "More space for the older ones, the little kids are loud",
    "",
    "Better wifi",
    "More trips in the summer holidays, like the one to the coast",
    "A quiet room for when it gets too much",
    "Let us help plan the sessions, not just the adults",
    "Cheaper tuck shop",
    "Have a girls-only night once a month",
]
SEND_EXPERIENCE = [
    "The process felt like a battle from start to finish – we were “managed” rather than helped.",
    "Our SENDIASS adviser was brilliant and came to every meeting with us.",
    "I paid £450 for a private assessment because the wait for an EP was over a year.",
    "Communication has improved since the new team started; we get a monthly update now.",
    "Nobody explained the draft plan or what ‘Section F’ meant.",
    "The co-production workshop was the first time I felt listened to.",
]
SAFEGUARDING_TEXT = ("My son told me he does not feel safe at home when his stepdad has been "
                     "drinking and he talked about wanting to hurt himself.")


def _dt(start: datetime, i: int) -> datetime:
    return start + timedelta(days=i // 2, hours=RNG.randint(8, 19), minutes=RNG.randint(0, 59),
                             seconds=RNG.randint(0, 59))


def write_csv(path: Path, rows: list[list], encoding: str = "utf-8", delimiter: str = ",") -> None:
    buf = io.StringIO(newline="")
    csv.writer(buf, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    path.write_bytes(buf.getvalue().encode(encoding))


# --------------------------------------------------------------------------- Microsoft Forms


def microsoft_forms() -> None:
    headers = ["ID", "Start time", "Completion time", "Email", "Name",
               "Which best describes you?", "Which service have you mostly used this year?",
               "How satisfied are you with the support your family received?",
               "How likely are you to recommend the service to another family? (0-10)",
               "What has worked well?", "What could we do better?",
               "Are you happy for us to quote your comments in our reports? We will not use "
               "your name.",
               "Can we contact you about your answers?"]
    services = ["SEND casework and EHC plans", "Short breaks", "Early help", "Local Offer",
                "Educational psychology", "Home to school transport"]
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws.append(headers)
    start = datetime(2024, 5, 1, 9, 0)
    for i in range(30):
        done = _dt(start, i)
        anonymous = i % 3 == 0
        well = WORKED_WELL[i % len(WORKED_WELL)]
        better = BETTER[i % len(BETTER)]
        if i == 17:
            better = SAFEGUARDING_TEXT
        ws.append([i + 1, done - timedelta(minutes=RNG.randint(3, 20)), done,
                   "anonymous" if anonymous else f"parent{i + 1}@example.org",
                   None if anonymous else RNG.choice(["Sam Okafor", "Jo Pennington",
                                                      "Aled Price", "Maria Sousa"]),
                   ROLES[i % 3] if i % 5 else "Parent or carer",
                   services[i % len(services)], SATISFACTION[(i * 7) % 5],
                   RNG.randint(0, 10), well, better,
                   "Yes" if i % 4 else "No", "Yes" if i % 2 else "No"])
    wb.save(HERE / "msforms_parent_carer_survey_2024.xlsx")


# --------------------------------------------------------------------------- Google Forms


GOOGLE_HEADERS = ["Timestamp", "How old are you?", "Where do you live?",
                  "How safe do you feel at your youth club? (1 = not safe, 5 = very safe)",
                  "What is the best thing about your youth club?",
                  "Is there anything you would change?",
                  "Can we use what you said in our reports? (we won't use your name)"]


def google_rows(n: int, start: datetime, offset: int = 0) -> list[list]:
    rows = []
    for i in range(offset, offset + n):
        ts = start + timedelta(days=i, hours=16, minutes=(i * 7) % 60, seconds=(i * 13) % 60)
        rows.append([ts.strftime("%d/%m/%Y %H:%M:%S"), RNG.choice(["11-15", "16-17", "13", "18+"]),
                     DISTRICTS[i % len(DISTRICTS)], str(1 + (i * 3) % 5),
                     YOUNG_BEST[i % len(YOUNG_BEST)] + YOUNG_EXTRA[(i * 3) % len(YOUNG_EXTRA)],
                     YOUNG_CHANGE[(i * 7) % len(YOUNG_CHANGE)],
                     "Yes" if i % 3 else "No"])
    return rows


def google_forms() -> None:
    start = datetime(2025, 2, 3)
    rows = google_rows(25, start)
    write_csv(HERE / "google_forms_youth_voice_2025.csv", [GOOGLE_HEADERS, *rows])
    # Overlap: the last ten responses again plus five new ones (a re-export a week later).
    more = google_rows(5, start, offset=25)
    write_csv(HERE / "google_forms_youth_voice_2025_later.csv", [GOOGLE_HEADERS, *rows[15:], *more])
    # A US-locale account exports month-first timestamps.
    us = [[datetime.strptime(r[0], "%d/%m/%Y %H:%M:%S").strftime("%m/%d/%Y %H:%M:%S"), *r[1:]]
          for r in rows]
    write_csv(HERE / "google_forms_us_dates.csv", [GOOGLE_HEADERS, *us])


# --------------------------------------------------------------------------- SurveyMonkey


def surveymonkey_rows() -> tuple[list, list, list[list]]:
    top = ["Respondent ID", "Collector ID", "Start Date", "End Date", "IP Address",
           "Email Address", "First Name", "Last Name", "Custom Data 1", "I am a...",
           "Overall, how satisfied are you with the EHC needs assessment process?",
           "Which of these have you used? (tick all that apply)", "", "",
           "Please tell us about your experience", "May we quote you (without your name)?"]
    sub = ["", "", "", "", "", "", "", "", "", "Response", "Response", "Local Offer website",
           "SENDIASS", "Short breaks", "Open-Ended Response", "Response"]
    rows = []
    start = datetime(2024, 9, 2, 10, 0)
    for i in range(20):
        end = _dt(start, i)
        begin = end - timedelta(minutes=RNG.randint(4, 25))
        rows.append([str(114000000000 + i * 37), "430112233", begin.strftime("%d/%m/%Y %I:%M:%S %p"),
                     end.strftime("%d/%m/%Y %I:%M:%S %p"), f"203.0.113.{i + 10}", "", "", "", "",
                     ["Parent/carer", "Young person", "Professional"][i % 3 if i % 4 else 0],
                     SATISFACTION[(i * 3) % 5],
                     "Local Offer website" if i % 2 else "", "SENDIASS" if i % 3 == 0 else "",
                     "Short breaks" if i % 5 == 1 else "",
                     SEND_EXPERIENCE[i % len(SEND_EXPERIENCE)], "Yes" if i % 2 else "No"])
    return top, sub, rows


def surveymonkey() -> None:
    top, sub, rows = surveymonkey_rows()
    write_csv(HERE / "surveymonkey_send_survey_2024.csv", [top, sub, *rows], encoding="cp1252")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Data"
    ws.append(top)
    ws.append(sub)
    ws.merge_cells(start_row=1, start_column=12, end_row=1, end_column=14)
    for r in rows:
        ws.append(r)
    wb.save(HERE / "surveymonkey_send_survey_2024.xlsx")


# --------------------------------------------------------------------------- SmartSurvey


def smartsurvey() -> None:
    headers = ["Response ID", "Started", "Ended", "IP Address", "Tracking Link",
               "Who are you?", "Which short breaks service did you use?",
               "How would you rate the short break overall?",
               "What difference has the short break made to your family?",
               "I agree to my comments being quoted anonymously"]
    rows = [headers]
    start = datetime(2023, 10, 9, 9, 0)
    for i in range(18):
        end = _dt(start, i)
        rows.append([str(5550100 + i), (end - timedelta(minutes=9)).strftime("%d/%m/%Y %H:%M:%S"),
                     end.strftime("%d/%m/%Y %H:%M:%S"), f"198.51.100.{i + 2}", "Email invite",
                     RNG.choice(["Parent carer", "Foster carer", "Parent carer"]),
                     RNG.choice(["Saturday club", "Overnight short break",
                                 "Holiday playscheme"]),
                     RNG.choice(["Excellent", "Good", "Good", "Fair", "Poor"]),
                     RNG.choice([
                         "It gives us a few hours to rest and spend time with our other children.",
                         "Our daughter comes home happy and tired – she loves the staff.",
                         "Honestly it’s the only break we get; without it we would not cope.",
                         "The sessions were cancelled three times at short notice, which was hard.",
                         "The £5 contribution is fine but booking by phone only is a pain.",
                     ]),
                     RNG.choice(["I agree", "I agree", "I do not agree"])])
    write_csv(HERE / "smartsurvey_short_breaks_2023.csv", rows, encoding="utf-8-sig")


# --------------------------------------------------------------------------- template and generic


def template() -> None:
    headers = ["kind", "received_on", "channel", "respondent_role", "service_area", "team",
               "district", "age_band", "text", "anonymous", "consent_quote", "consent_contact",
               "respondent_name", "respondent_contact"]
    rows = [
        ["compliment", "14/03/2024", "email", "parent_carer", "send_ehc", "", "wrenfold", "",
         "Thank you to Kerry in the SEND team for sorting out the transport so quickly.", "no",
         "yes", "yes", "Dana Whitlock", "dana.w@example.org"],
        ["comment", "2024-03-15", "event", "Child or young person", "youth_services", "",
         "Hallowmere", "11-15", "The youth club should stay open in the holidays.", "yes", "yes",
         "no", "", ""],
        ["suggestion", "3 April 2024", "Face to face", "Foster carer", "fostering", "",
         "Saltby Marsh", "", "A WhatsApp group for foster carers in each district would help.",
         "no", "no", "yes", "Gwen Atherley", "07700 900123"],
        ["question", "05/04/24", "phone", "parent_carer", "local_offer", "", "lowdrith", "",
         "Where can I find the list of holiday clubs that take children with autism?", "yes",
         "no", "no", "", ""],
        ["event_note", "20/04/2024 14:30", "meeting", "partner_organisation", "send_ehc", "",
         "pennock_vale", "", "Forum members asked for plain-English letters after annual "
         "reviews.", "yes", "yes", "no", "", ""],
    ]
    write_csv(HERE / "voiceapp_template_sample.csv", [headers, *rows])


def generic_cp1252() -> None:
    """A hand-made spreadsheet saved by older Excel: Windows-1252, semicolons, £ and curly quotes."""
    rows = [["Date", "Event", "Comment", "Attendee type", "Would you like us to contact you?"]]
    comments = [
        "The “stay and play” session was lovely – thank you!",
        "Parking cost £4.50, which put some families off.",
        "I’d like more sessions in Corrigan Heath, not just Wrenfold.",
        "Staff explained the EHC process clearly; first time it’s made sense.",
        "The room was too hot and there was nowhere quiet for my daughter.",
        "Could the next one be after school? Mornings are hard for working parents.",
    ]
    for i, c in enumerate(comments * 2):
        d = datetime(2024, 6, 3) + timedelta(days=i * 3)
        rows.append([d.strftime("%d/%m/%Y"), "Family fun day, Pennock Vale" if i % 2 else
                     "SEND coffee morning, Wrenfold", c,
                     ["Parent", "Grandparent", "Foster carer"][i % 3], "No" if i % 2 else "Yes"])
    write_csv(HERE / "generic_event_feedback_cp1252.csv", rows, encoding="cp1252", delimiter=";")


# --------------------------------------------------------------------------- malformed


def malformed() -> None:
    (HERE / "empty.csv").write_bytes(b"")
    write_csv(HERE / "headers_only.csv", [GOOGLE_HEADERS])
    png = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00"
           b"\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18"
           b"\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")
    (HERE / "binary_renamed.csv").write_bytes(png * 4)
    ok = google_rows(6, datetime(2025, 3, 3))
    ragged = [GOOGLE_HEADERS, ok[0], ok[1] + ["an extra cell", "and another"], ok[2][:4],
              ok[3], ["", "", "", "", "", "", ""], ok[4] + ["spilled over"], ok[5]]
    write_csv(HERE / "malformed_ragged.csv", ragged)
    wrong = [GOOGLE_HEADERS, ok[0],
             ["next Tuesday", *ok[1][1:]],
             [ok[2][0], ok[2][1], ok[2][2], "very", *ok[2][4:]],
             ["31/02/2025 10:00:00", *ok[3][1:]],
             ["01/01/2099 09:00:00", *ok[4][1:]],
             [ok[5][0], ok[5][1], ok[5][2], "9", *ok[5][4:]]]
    write_csv(HERE / "malformed_wrong_types.csv", wrong)
    huge = [GOOGLE_HEADERS, ok[0], [*ok[1][:4], "word " * 12_000, *ok[1][5:]], ok[2]]
    write_csv(HERE / "malformed_huge_cell.csv", huge)
    formulas = [GOOGLE_HEADERS]
    payloads = ['=HYPERLINK("http://example.invalid/x","click me")', "+44 7700 900123",
                "-2 points, the room was cold", "@channel the club closed early",
                "=1+1 is what my son wrote on the form", "\tindented comment"]
    for i, p in enumerate(payloads):
        r = google_rows(1, datetime(2025, 4, 7), offset=i)[0]
        r[4] = p
        formulas.append(r)
    write_csv(HERE / "formulas.csv", formulas)


def main() -> None:
    microsoft_forms()
    google_forms()
    surveymonkey()
    smartsurvey()
    template()
    generic_cp1252()
    malformed()
    print(f"fixtures written to {HERE}")


if __name__ == "__main__":
    main()
