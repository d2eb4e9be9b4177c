"""Read a CSV or Excel file into a `Table`: encoding, delimiter and layout detected.

Encodings are tried strictly in this order: UTF-16 (when the file starts with its byte-order
mark, as Excel's "Unicode text" does), UTF-8 (with or without a byte-order mark), then
Windows-1252, so pound signs and curly quotes from older Excel survive. A file that is none of
these, or that holds binary data, is refused with a plain message.
"""

from __future__ import annotations

import csv
import hashlib
import io
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path

from voiceapp.errors import ValidationError

from .values import normal

MAX_FILE_BYTES = 200 * 1024 * 1024
# Cells may legitimately be long (a parent's letter pasted into a form); the importer reports
# anything over MAX_TEXT_LENGTH row by row, so the CSV reader itself only needs a generous cap.
csv.field_size_limit(64 * 1024 * 1024)

XLSX_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .xls (and other Office binaries)


class ImportFileError(ValidationError):
    """The file as a whole cannot be read (nothing was written)."""


class Layout(StrEnum):
    MICROSOFT_FORMS = "microsoft_forms"
    GOOGLE_FORMS = "google_forms"
    SURVEYMONKEY = "surveymonkey"
    SMARTSURVEY = "smartsurvey"
    TEMPLATE = "voiceapp_template"
    GENERIC = "generic"

    @property
    def label(self) -> str:
        return _LAYOUT_LABELS[self]

    @property
    def is_survey(self) -> bool:
        return self is not Layout.TEMPLATE


_LAYOUT_LABELS = {
    Layout.MICROSOFT_FORMS: "Microsoft Forms export",
    Layout.GOOGLE_FORMS: "Google Forms export",
    Layout.SURVEYMONKEY: "SurveyMonkey export",
    Layout.SMARTSURVEY: "SmartSurvey export",
    Layout.TEMPLATE: "voiceapp import template",
    Layout.GENERIC: "Spreadsheet (columns chosen by you)",
}

TEMPLATE_COLUMNS = (
    "kind", "received_on", "channel", "respondent_role", "service_area", "team", "district",
    "age_band", "text", "anonymous", "consent_quote", "consent_contact", "respondent_name",
    "respondent_contact",
)
TEMPLATE_REQUIRED = ("kind", "received_on", "text")


@dataclass(frozen=True)
class Table:
    """A file's data rows under one row of column headings (blank rows already dropped)."""

    file_name: str
    sha256: str
    file_type: str  # "csv" or "xlsx"
    encoding: str  # as a person would say it: "UTF-8", "UTF-8 with BOM", "Windows-1252", ...
    layout: Layout
    headers: tuple[str, ...]
    rows: list[tuple] = field(repr=False)
    row_numbers: list[int] = field(repr=False)  # each data row's row number in the file
    delimiter: str = ","
    header_rows: int = 1
    notes: tuple[str, ...] = ()

    def __len__(self) -> int:
        return len(self.rows)


def cell_text(value: object) -> str:
    """A cell as text for previews and reports."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y %H:%M") if (value.hour or value.minute) else \
            value.strftime("%d/%m/%Y")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def read_table(source: str | Path | bytes, file_name: str | None = None) -> Table:
    """Read a file (a path, or bytes with a file name) into a Table. Raises ImportFileError."""
    if isinstance(source, bytes):
        data, name = source, file_name or "upload"
    else:
        path = Path(source)
        name = file_name or path.name
        try:
            size = path.stat().st_size
        except FileNotFoundError:
            raise ImportFileError(f"The file {path} does not exist.",
                                  "Check the name and folder.") from None
        except OSError as exc:
            raise ImportFileError(f"voiceapp cannot read {path} ({exc.strerror}).",
                                  "Check the file's permissions.") from None
        if path.is_dir():
            raise ImportFileError(f"{path} is a folder, not a file.", "Choose a CSV or Excel file.")
        if size > MAX_FILE_BYTES:
            raise ImportFileError(
                f"{name} is {size / 1024 / 1024:.0f} MB, more than voiceapp imports at once "
                f"({MAX_FILE_BYTES // 1024 // 1024} MB).", "Split it into smaller files.")
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise ImportFileError(f"voiceapp cannot read {path} ({exc.strerror}).",
                                  "Check the file's permissions.") from None
    sha = hashlib.sha256(data).hexdigest()
    if not data.strip():
        raise ImportFileError(f"{name} is empty.", "Choose the file your survey tool exported.")
    if data.startswith(XLSX_MAGIC):
        return _read_xlsx(data, name, sha)
    if data.startswith(OLE_MAGIC):
        raise ImportFileError(
            f"{name} is an old-style Excel (.xls) or other Office file.",
            "Open it in Excel and save it as an Excel Workbook (.xlsx) or CSV, then import that.")
    if name.lower().endswith((".xlsx", ".xlsm")):
        raise ImportFileError(f"{name} is not a readable Excel workbook.",
                              "Open it in Excel, save it again as .xlsx, and try once more.")
    text, encoding = decode(data, name)
    return _read_csv(text, encoding, name, sha)


def decode(data: bytes, name: str = "the file") -> tuple[str, str]:
    """(text, encoding name) trying UTF-16 (BOM only), UTF-8 (BOM or not), then Windows-1252."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "UTF-16"
        except UnicodeDecodeError:
            pass
    # Binary data (images, executables, zipped files renamed .csv) has NUL bytes early on.
    if b"\x00" in data[:65536]:
        raise ImportFileError(
            f"{name} is not a text (CSV) file: it contains binary data.",
            "Export the survey again as CSV or Excel (.xlsx) and import that file.")
    try:
        text = data.decode("utf-8-sig")
        return text, "UTF-8 with BOM" if data.startswith(b"\xef\xbb\xbf") else "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError as exc:
        raise ImportFileError(
            f"voiceapp cannot read the characters in {name} (byte {exc.start + 1} is not UTF-8 "
            "or Windows-1252 text).",
            "Save it from Excel as 'CSV UTF-8 (Comma delimited)' and import that.") from None


def _sniff_delimiter(text: str) -> str:
    first = next(iter(text.splitlines()), "")
    best, best_n = ",", 1
    for delim in (",", ";", "\t", "|"):
        try:
            n = len(next(csv.reader([first], delimiter=delim)))
        except (csv.Error, StopIteration):
            continue
        if n > best_n:
            best, best_n = delim, n
    return best


def _read_csv(text: str, encoding: str, name: str, sha: str) -> Table:
    delimiter = _sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    raw: list[tuple[int, list[str]]] = []
    try:
        for row in reader:
            raw.append((reader.line_num, row))
    except csv.Error as exc:
        raise ImportFileError(
            f"{name} is not a well-formed CSV file near line {reader.line_num} ({exc}).",
            "Open it in Excel and save it again as CSV, or export it again from the survey tool."
        ) from None
    return _build(raw, name, sha, "csv", encoding, delimiter)


def _read_xlsx(data: bytes, name: str, sha: str) -> Table:
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as exc:
        raise ImportFileError(
            f"{name} is not a readable Excel workbook ({type(exc).__name__}).",
            "Open it in Excel, save it again as .xlsx, and try once more.") from None
    try:
        notes: list[str] = []
        chosen = None
        for ws in wb.worksheets:
            rows = []
            for i, values in enumerate(ws.iter_rows(values_only=True), start=1):
                rows.append((i, list(values)))
            if any(any(not is_blank(v) for v in r) for _, r in rows):
                chosen = (ws.title, rows)
                break
        if chosen is None:
            raise ImportFileError(f"{name} has no data on any sheet.",
                                  "Choose the workbook your survey tool exported.")
        if len(wb.worksheets) > 1:
            notes.append(f"Read the sheet '{chosen[0]}' (the first with data).")
    finally:
        wb.close()
    return _build(chosen[1], name, sha, "xlsx", "Excel workbook", ",", notes)


def _trim(row: list) -> list:
    end = len(row)
    while end and is_blank(row[end - 1]):
        end -= 1
    return row[:end]


def _build(raw: list[tuple[int, list]], name: str, sha: str, file_type: str, encoding: str,
           delimiter: str, notes: list[str] | None = None) -> Table:
    notes = list(notes or [])
    nonblank = [(n, r) for n, r in raw if any(not is_blank(v) for v in r)]
    if not nonblank:
        raise ImportFileError(f"{name} has no rows.", "Choose the file your survey tool exported.")
    header_num, header = nonblank[0]
    header = _trim(list(header))
    if len(header) < 1:
        raise ImportFileError(f"{name} has no column headings.",
                              "The first row must name the columns.")
    body = nonblank[1:]
    header_rows = 1
    names = [normal(cell_text(h)) for h in header]
    layout = _detect_layout(names)
    if layout is Layout.SURVEYMONKEY and body:
        _, sub = body[0]
        header = _flatten_surveymonkey(header, list(sub))
        body = body[1:]
        header_rows = 2
    headers = _unique_headers([cell_text(h).strip() for h in header])
    if not body:
        raise ImportFileError(
            f"{name} has column headings but no rows of data.",
            "Fill in at least one row under the headings (or export the responses again).")
    rows = [tuple(r) for _, r in body]
    numbers = [n for n, _ in body]
    if header_num > 1:
        notes.append(f"The column headings are on row {header_num}.")
    return Table(name, sha, file_type, encoding, layout, tuple(headers), rows, numbers,
                 delimiter, header_rows, tuple(notes))


def _detect_layout(names: list[str]) -> Layout:
    keys = {n.replace("_", " ") for n in names}
    if {"kind", "received on", "text"} <= keys:
        return Layout.TEMPLATE
    if "respondent id" in keys and "collector id" in keys:
        return Layout.SURVEYMONKEY
    if "start time" in keys and "completion time" in keys:
        return Layout.MICROSOFT_FORMS
    if "response id" in keys and ("started" in keys or "ended" in keys):
        return Layout.SMARTSURVEY
    if names and names[0] == "timestamp":
        return Layout.GOOGLE_FORMS
    return Layout.GENERIC


_SM_PLAIN = {"", "response", "open ended response"}


def _flatten_surveymonkey(top: list, sub: list) -> list[str]:
    """SurveyMonkey's first row holds each question once (over merged cells); the second row
    holds the answer option or 'Response' / 'Open-Ended Response'. One heading per column."""
    width = max(len(top), len(_trim(sub)))
    out, question = [], ""
    for i in range(width):
        q = cell_text(top[i]).strip() if i < len(top) else ""
        s = cell_text(sub[i]).strip() if i < len(sub) else ""
        if q:
            question = q
        if normal(s) in _SM_PLAIN:
            out.append(question)
        else:
            out.append(f"{question} — {s}" if question else s)
    return out


def _unique_headers(headers: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for i, h in enumerate(headers, start=1):
        h = h or f"Column {i}"
        if h in seen:
            seen[h] += 1
            h = f"{h} ({seen[h]})"
        else:
            seen[h] = 1
        out.append(h)
    return out
