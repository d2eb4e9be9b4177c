"""Codebook exchange: CSV and the REFI-QDA codebook format (.qdc), which qualitative-analysis
tools (NVivo, ATLAS.ti, MAXQDA, QDA Miner, Quirkos...) read and write.

- CSV columns: slug, parent_slug, name, description, retired (yes/no).
- .qdc: `<CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="voiceapp">` with nested
  `<Codes><Code guid name isCodable><Description/><Code/>...</Code></Codes>`. GUIDs are derived
  from slugs with uuid5, so the same code has the same GUID in every export and a round trip
  through another tool finds its way back to the same theme.
- Import merges: a code is matched by slug (CSV) or GUID (.qdc); matched codes take the file's
  name, description, parent and retired flag; new codes are created; nothing is ever deleted
  (a code missing from the file is left as it is). Administrators only; one audit entry.
"""

from __future__ import annotations

import csv
import io
import re
import uuid
import xml.etree.ElementTree as ET
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select

from voiceapp.db.engine import Database
from voiceapp.db.models import Theme
from voiceapp.errors import ValidationError

from . import audit
from .context import Actor
from .importers.reading import ImportFileError, decode
from .importers.values import parse_consent
from .permissions import Permission, require

QDC_NS = "urn:QDA-XML:codebook:1.0"
CSV_COLUMNS = ["slug", "parent_slug", "name", "description", "retired"]
# Fixed namespace for voiceapp code GUIDs: uuid5(namespace, slug).
GUID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:voiceapp:codebook")
_SLUG = re.compile(r"^[a-z0-9_]+(\.[a-z0-9_]+)*$")
MAX_BYTES = 20 * 1024 * 1024


def code_guid(slug: str) -> str:
    """The stable REFI-QDA GUID of a voiceapp code."""
    return str(uuid.uuid5(GUID_NAMESPACE, slug))


@dataclass(frozen=True)
class CodebookExport:
    path: str
    format: str
    codes: int


@dataclass(frozen=True)
class CodebookImport:
    created: tuple[str, ...]
    updated: tuple[str, ...]
    unchanged: int
    retired: tuple[str, ...]

    @property
    def message(self) -> str:
        return (f"Codebook imported: {len(self.created)} new codes, {len(self.updated)} updated "
                f"({len(self.retired)} of them retired), {self.unchanged} unchanged. "
                "No code was deleted.")


@dataclass
class _Code:
    key: str  # slug (CSV) or GUID (.qdc): how the row is matched
    slug: str | None
    parent_key: str | None
    name: str
    description: str
    retired: bool | None  # None: leave as it is
    line: int


# --------------------------------------------------------------------------- export


def _ordered(themes: list) -> list:
    children = defaultdict(list)
    for t in themes:
        children[t.parent_id].append(t)
    out = []

    def walk(pid):
        for t in sorted(children.get(pid, []), key=lambda x: (x.sort_order, x.name)):
            out.append(t)
            walk(t.id)

    walk(None)
    return out


def export_codebook(db: Database, actor: Actor, out: str | Path) -> CodebookExport:
    """Write the whole codebook (retired codes included, marked) to .csv or .qdc."""
    require(actor, Permission.VIEW_AGGREGATES)
    path = Path(out)
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in ("csv", "qdc"):
        raise ValidationError(f"The codebook is exported as .csv or .qdc, not "
                              f"{path.suffix or 'a file with no extension'}.",
                              "End the file name with .csv or .qdc (REFI-QDA codebook).")
    with db.read_session() as s:
        themes = _ordered(s.execute(select(Theme.id, Theme.slug, Theme.name, Theme.description,
                                           Theme.parent_id, Theme.retired, Theme.sort_order)
                                    ).all())
    slug_of = {t.id: t.slug for t in themes}
    try:
        if fmt == "csv":
            with open(path, "w", encoding="utf-8-sig", newline="") as fh:
                w = csv.writer(fh, lineterminator="\r\n")
                w.writerow(CSV_COLUMNS)
                for t in themes:
                    w.writerow([t.slug, slug_of.get(t.parent_id, ""), t.name, t.description or "",
                                "yes" if t.retired else "no"])
        else:
            path.write_bytes(_qdc_bytes(themes))
    except OSError as exc:
        raise ValidationError(f"voiceapp cannot write {path} ({exc.strerror}).",
                              "Choose another folder or file name.") from None
    with db.session() as s:
        audit.record(s, actor, "export", "codebook", None,
                     summary=f"Exported the codebook ({len(themes)} codes) to {path.name}",
                     after=dict(file=path.name, format=fmt, codes=len(themes)))
    return CodebookExport(str(path), fmt, len(themes))


def _qdc_bytes(themes: list) -> bytes:
    ET.register_namespace("", QDC_NS)
    root = ET.Element(f"{{{QDC_NS}}}CodeBook", {"origin": "voiceapp"})
    codes = ET.SubElement(root, f"{{{QDC_NS}}}Codes")
    element_of = {}
    for t in themes:  # parents come before children
        parent = element_of.get(t.parent_id, codes)
        el = ET.SubElement(parent, f"{{{QDC_NS}}}Code", {
            "guid": code_guid(t.slug), "name": t.name,
            "isCodable": "false" if t.retired else "true"})
        if t.description:
            ET.SubElement(el, f"{{{QDC_NS}}}Description").text = t.description
        element_of[t.id] = el
    # REFI-QDA puts a code's Description before its child Codes; SubElement order keeps that.
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


# --------------------------------------------------------------------------- import


def read_codebook_file(path: str | Path) -> tuple[str, list[_Code]]:
    """('csv'|'qdc', codes) from a file; raises ImportFileError with a plain message."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ImportFileError(f"The file {path} does not exist.", "Check the name.") from None
    except OSError as exc:
        raise ImportFileError(f"voiceapp cannot read {path} ({exc.strerror}).") from None
    if len(data) > MAX_BYTES:
        raise ImportFileError(f"{path.name} is too large for a codebook.")
    if not data.strip():
        raise ImportFileError(f"{path.name} is empty.", "Choose a codebook exported as CSV or .qdc.")
    if path.suffix.lower() == ".qdc" or data.lstrip()[:5] in (b"<?xml", b"<Code"):
        return "qdc", _read_qdc(data, path.name)
    return "csv", _read_csv(data, path.name)


def _read_csv(data: bytes, name: str) -> list[_Code]:
    text, _ = decode(data, name)
    reader = csv.DictReader(io.StringIO(text, newline=""))
    fields = [f.strip().lower() for f in (reader.fieldnames or [])]
    if "slug" not in fields or "name" not in fields:
        raise ImportFileError(f"{name} is not a voiceapp codebook CSV: it needs the columns "
                              f"{', '.join(CSV_COLUMNS)}.",
                              "Export the codebook from voiceapp to see the layout.")
    reader.fieldnames = fields
    out, problems = [], []
    try:
        for row in reader:
            line = reader.line_num
            slug = (row.get("slug") or "").strip()
            nm = (row.get("name") or "").strip()
            if not slug and not nm:
                continue
            if not _SLUG.match(slug) or len(slug) > 120:
                problems.append(f"line {line}: {slug!r} is not a slug (lower-case letters, "
                                "digits and _, with '.' between levels)")
                continue
            if not nm or len(nm) > 120:
                problems.append(f"line {line}: the name must be 1 to 120 characters")
                continue
            retired_raw = (row.get("retired") or "").strip()
            retired = parse_consent(retired_raw) if retired_raw else False
            if retired is None:
                problems.append(f"line {line}: retired must be yes or no, not {retired_raw!r}")
                continue
            out.append(_Code(slug, slug, (row.get("parent_slug") or "").strip() or None, nm,
                             (row.get("description") or "").strip(), retired, line))
    except csv.Error as exc:
        raise ImportFileError(f"{name} is not a well-formed CSV file ({exc}).") from None
    if problems:
        raise ValidationError(f"{name} has problems: " + "; ".join(problems[:10]) + ".",
                              "Correct them and import again; nothing was changed.")
    return out


def _read_qdc(data: bytes, name: str) -> list[_Code]:
    # The standard library parser resolves no external entities; entity declarations are still
    # refused outright so no file can expand itself ("billion laughs").
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise ImportFileError(f"{name} contains a DOCTYPE or entity declarations, which a "
                              "REFI-QDA codebook never needs.", "Export it again from the tool.")
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise ImportFileError(f"{name} is not well-formed XML ({exc}).",
                              "Export the codebook again from the tool.") from None
    if _local(root.tag) != "CodeBook":
        raise ImportFileError(f"{name} is not a REFI-QDA codebook (its root element is "
                              f"<{_local(root.tag)}>, not <CodeBook>).")
    ours = root.get("origin", "").lower().startswith("voiceapp")
    codes_el = next((c for c in root if _local(c.tag) == "Codes"), None)
    if codes_el is None:
        return []
    out: list[_Code] = []

    def walk(el, parent_guid: str | None) -> None:
        for child in el:
            if _local(child.tag) != "Code":
                continue
            guid = (child.get("guid") or "").strip().lower()
            nm = (child.get("name") or "").strip()
            if not guid or not nm:
                raise ImportFileError(f"{name} has a <Code> without a guid or name.",
                                      "Export the codebook again from the tool.")
            desc_el = next((d for d in child if _local(d.tag) == "Description"), None)
            # isCodable="false" is how voiceapp marks retired codes; other tools use it for
            # category headings, which are not retired, so it is only read from our own files.
            retired = (child.get("isCodable", "true").lower() == "false") if ours else None
            out.append(_Code(guid, None, parent_guid, nm[:120],
                             (desc_el.text or "").strip() if desc_el is not None else "",
                             retired, 0))
            walk(child, guid)

    walk(codes_el, None)
    return out


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _slugify(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")[:60] or "code"


def import_codebook(db: Database, actor: Actor, path: str | Path) -> CodebookImport:
    """Merge a codebook file into the database (see the module docstring)."""
    require(actor, Permission.MANAGE_CODEBOOK)
    fmt, rows = read_codebook_file(path)
    if not rows:
        raise ValidationError(f"{Path(path).name} holds no codes.", "Nothing was changed.")
    with db.session() as s:
        themes = list(s.scalars(select(Theme)))
        by_slug = {t.slug: t for t in themes}
        by_key = by_slug if fmt == "csv" else {code_guid(t.slug): t for t in themes}
        keys = [r.key for r in rows]
        dupes = sorted({k for k in keys if keys.count(k) > 1})
        if dupes:
            raise ValidationError(f"The code {dupes[0]!r} appears more than once in the file.",
                                  "Keep one row per code; nothing was changed.")
        file_keys = {r.key for r in rows}
        for r in rows:
            if r.parent_key and r.parent_key not in file_keys and r.parent_key not in by_key:
                raise ValidationError(
                    f"The parent {r.parent_key!r} of {r.name!r} is neither in the file nor in "
                    "the codebook.", "Add the parent code, or leave parent_slug empty.")
        created, updated, retired = [], [], []
        unchanged = 0
        order = (s.scalar(select(func.max(Theme.sort_order))) or 0)
        resolved: dict[str, Theme] = {}

        # Parents first, so each new code's slug can be built under its parent's.
        pending = list(rows)
        while pending:
            progress = False
            for r in list(pending):
                if r.parent_key and r.parent_key in file_keys and r.parent_key not in resolved:
                    continue
                parent = (resolved.get(r.parent_key) or by_key.get(r.parent_key)
                          if r.parent_key else None)
                theme = by_key.get(r.key)
                if theme is None:
                    slug = r.slug or _new_slug(parent.slug if parent else None, r.name, by_slug)
                    if slug in by_slug:
                        raise ValidationError(f"The slug {slug!r} already exists.",
                                              "Nothing was changed.")
                    order += 1
                    theme = Theme(slug=slug, name=r.name, description=r.description,
                                  parent_id=parent.id if parent else None,
                                  retired=bool(r.retired), sort_order=order)
                    s.add(theme)
                    s.flush()
                    by_slug[slug] = theme
                    created.append(slug)
                else:
                    changes = dict(name=r.name, description=r.description,
                                   parent_id=parent.id if parent else None)
                    if r.retired is not None:
                        changes["retired"] = r.retired
                    diff = {k: v for k, v in changes.items() if getattr(theme, k) != v}
                    if diff:
                        for k, v in diff.items():
                            setattr(theme, k, v)
                        updated.append(theme.slug)
                        if diff.get("retired"):
                            retired.append(theme.slug)
                    else:
                        unchanged += 1
                resolved[r.key] = theme
                pending.remove(r)
                progress = True
            if not progress:
                raise ValidationError("The codes' parents form a loop, so they cannot be "
                                      "arranged in a tree.", "Check parent_slug; nothing was "
                                      "changed.")
        s.flush()
        _check_tree(s)
        audit.record(s, actor, "import", "codebook", None,
                     summary=f"Imported the codebook from {Path(path).name}: {len(created)} new, "
                             f"{len(updated)} updated, {unchanged} unchanged",
                     after=dict(file=Path(path).name, format=fmt, created=created,
                                updated=updated, retired=retired))
    return CodebookImport(tuple(created), tuple(updated), unchanged, tuple(retired))


def _new_slug(parent_slug: str | None, name: str, taken: dict) -> str:
    base = (parent_slug + "." if parent_slug else "") + _slugify(name)
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}_{n}", n + 1
    return slug


def _check_tree(s) -> None:
    """A move must not make a code its own ancestor."""
    parent = dict(s.execute(select(Theme.id, Theme.parent_id)).all())
    for start in parent:
        seen, node = set(), start
        while node is not None:
            if node in seen:
                raise ValidationError("The file would make a code its own parent (a loop).",
                                      "Check parent_slug; nothing was changed.")
            seen.add(node)
            node = parent.get(node)
