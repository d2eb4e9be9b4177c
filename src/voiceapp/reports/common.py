"""Shared layout for voiceapp's documents: PDF (reportlab platypus) and Word (python-docx).

PDF
- `ReportDoc`: a BaseDocTemplate with a "cover" and a "body" page template (portrait or
  landscape), a running header and footer drawn in onPage, "Page X of Y" (the canvas class
  counts pages and writes the totals when the document is saved), and document metadata
  (title, author, subject, keywords, language) that screen readers and search use.
- `Fonts` / `load_fonts()`: a TrueType family that has "£", curly quotes and the arrows used for
  direction of travel: DejaVu Sans (Debian's fonts-dejavu-core, or a copy in
  voiceapp/resources), else reportlab's own Bitstream Vera, else Helvetica (which has "£" and
  curly quotes but no arrows: `Fonts.symbol()` then gives a plain-text stand-in).
- `make_styles(fonts, large_print=False)`: plain, left-aligned styles; body 11 pt (16 pt in
  large print), headings in proportion, generous leading.
- `data_table(...)`: repeats the header row on every page, splits only between rows (never
  inside one), zebra rows, grid lines that print in black and white.
- `StatusSwatch`: a coloured block that always carries its label as text (never colour alone).

Word
- `docx_document(...)`, `docx_heading`, `docx_table`, `docx_shade`, `docx_page_numbers`: the
  same conventions (header row repeats, rows do not break across pages, page X of Y fields,
  core properties).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Table,
    TableStyle,
)

# Colours: dark enough for text on white, and the table header a deep council blue.
INK = colors.HexColor("#1A1A1A")
MUTED = colors.HexColor("#505050")
ACCENT = colors.HexColor("#0B4F6C")
ACCENT_LIGHT = colors.HexColor("#E4EEF2")
ZEBRA = colors.HexColor("#F4F6F7")
RULE = colors.HexColor("#8A8A8A")

# --------------------------------------------------------------------------- fonts

_FONT_DIRS = (
    "/usr/share/fonts/truetype/dejavu",  # Debian / Ubuntu (fonts-dejavu-core)
    "/usr/share/fonts/dejavu",  # Fedora
    "/usr/share/fonts/TTF",  # Arch
    "/usr/local/share/fonts",
    "/Library/Fonts",
    os.path.expanduser("~/Library/Fonts"),
    os.path.join(os.environ.get("WINDIR", r"C:\Windows"), "Fonts"),
)
_DEJAVU = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf",
           "DejaVuSans-BoldOblique.ttf")
_VERA = ("Vera.ttf", "VeraBd.ttf", "VeraIt.ttf", "VeraBI.ttf")
# Stand-ins when the font lacks a symbol.
_SYMBOL_FALLBACK = {"\u25b2": "^", "\u25bc": "v", "\u25ba": ">", "\u2605": "*", "\u2714": "+",
                    "\u2013": "-", "\u2022": "-"}


@dataclass(frozen=True)
class Fonts:
    regular: str
    bold: str
    italic: str
    bold_italic: str
    source: str  # where the font came from (for the data notes and tests)
    glyphs: frozenset[int] = field(default_factory=frozenset)  # empty: a standard PDF font

    def has(self, char: str) -> bool:
        if not self.glyphs:
            # Standard Type 1 fonts use WinAnsi: Latin-1 plus curly quotes, dashes, £, bullets.
            try:
                char.encode("cp1252")
                return True
            except UnicodeEncodeError:
                return False
        return ord(char) in self.glyphs

    def symbol(self, char: str) -> str:
        """`char` if the font can draw it, else a plain stand-in."""
        return char if self.has(char) else _SYMBOL_FALLBACK.get(char, "")

    def safe(self, text: str) -> str:
        """Text with any character the font lacks replaced by a stand-in."""
        return "".join(c if c.isascii() or self.has(c) else _SYMBOL_FALLBACK.get(c, "?")
                       for c in text)


def _find(names: Sequence[str], dirs: Iterable[str]) -> list[Path] | None:
    for d in dirs:
        paths = [Path(d) / n for n in names]
        if paths[0].is_file():
            return [p if p.is_file() else paths[0] for p in paths]
    return None


def _bundled_dirs() -> list[str]:
    out = []
    try:
        res = resources.files("voiceapp.resources")
        out.append(str(res))
        out.append(str(res / "fonts"))
    except (ModuleNotFoundError, TypeError):  # pragma: no cover - resources always packaged
        pass
    return out


_loaded: Fonts | None = None


def load_fonts(force_standard: bool = False) -> Fonts:
    """Register (once) and return the best font family available. Never raises: a missing or
    unreadable TrueType file falls through to the next choice."""
    global _loaded
    if force_standard:
        return Fonts("Helvetica", "Helvetica-Bold", "Helvetica-Oblique", "Helvetica-BoldOblique",
                     "Helvetica (standard PDF font)")
    if _loaded is not None:
        return _loaded
    import reportlab

    rl_fonts = os.path.join(os.path.dirname(reportlab.__file__), "fonts")
    choices = [("DejaVu Sans", "VoiceappSans", _DEJAVU, [*_bundled_dirs(), *_FONT_DIRS]),
               ("Bitstream Vera Sans", "VoiceappVera", _VERA, [rl_fonts])]
    for label, family, names, dirs in choices:
        paths = _find(names, dirs)
        if not paths:
            continue
        try:
            faces = []
            for suffix, path in zip(("", "-Bold", "-Italic", "-BoldItalic"), paths, strict=True):
                name = family + suffix
                if name not in pdfmetrics.getRegisteredFontNames():
                    pdfmetrics.registerFont(TTFont(name, str(path)))
                faces.append(name)
            pdfmetrics.registerFontFamily(family, normal=faces[0], bold=faces[1],
                                          italic=faces[2], boldItalic=faces[3])
            glyphs = frozenset(pdfmetrics.getFont(faces[0]).face.charToGlyph)
            _loaded = Fonts(*faces, source=f"{label} ({paths[0].parent})", glyphs=glyphs)
            return _loaded
        except Exception:  # a broken font file must not stop a report
            continue
    _loaded = load_fonts(force_standard=True)
    return _loaded


# --------------------------------------------------------------------------- styles


@dataclass(frozen=True)
class Styles:
    body: ParagraphStyle
    small: ParagraphStyle
    h1: ParagraphStyle
    h2: ParagraphStyle
    h3: ParagraphStyle
    quote: ParagraphStyle
    quote_by: ParagraphStyle
    cell: ParagraphStyle
    cell_bold: ParagraphStyle
    cell_right: ParagraphStyle
    header_cell: ParagraphStyle
    header_right: ParagraphStyle
    cover_title: ParagraphStyle
    cover_subtitle: ParagraphStyle
    cover_meta: ParagraphStyle
    label: ParagraphStyle
    size: float
    fonts: Fonts


def make_styles(fonts: Fonts, *, large_print: bool = False, body_size: float | None = None,
                table_size: float | None = None) -> Styles:
    """Plain styles: left-aligned (never justified), 1.35 line spacing, body at least 11 pt
    (16 pt in large print); headings are larger and bold, not only coloured."""
    size = body_size or (16.0 if large_print else 11.0)
    tsize = table_size or (14.0 if large_print else max(9.0, size - 1.5))

    def style(name: str, **kw) -> ParagraphStyle:
        base = dict(fontName=fonts.regular, fontSize=size, leading=size * 1.35,
                    textColor=INK, alignment=TA_LEFT, spaceAfter=size * 0.55)
        base.update(kw)
        return ParagraphStyle(name, **base)

    return Styles(
        body=style("Body"),
        small=style("Small", fontSize=max(9.0, size - 2), leading=max(9.0, size - 2) * 1.35,
                    textColor=MUTED),
        h1=style("Heading1", fontName=fonts.bold, fontSize=size * 1.75, leading=size * 2.1,
                 textColor=ACCENT, spaceBefore=size * 0.4, spaceAfter=size * 0.7),
        h2=style("Heading2", fontName=fonts.bold, fontSize=size * 1.35, leading=size * 1.7,
                 textColor=ACCENT, spaceBefore=size * 0.9, spaceAfter=size * 0.45),
        h3=style("Heading3", fontName=fonts.bold, fontSize=size * 1.1, leading=size * 1.45,
                 spaceBefore=size * 0.6, spaceAfter=size * 0.3),
        quote=style("Quote", fontName=fonts.italic, leftIndent=size * 1.2,
                    rightIndent=size * 1.2, spaceAfter=size * 0.15),
        quote_by=style("QuoteBy", fontSize=max(9.0, size - 1.5), textColor=MUTED,
                       leftIndent=size * 1.2, spaceAfter=size * 0.6),
        cell=style("Cell", fontSize=tsize, leading=tsize * 1.3, spaceAfter=0),
        cell_bold=style("CellBold", fontName=fonts.bold, fontSize=tsize, leading=tsize * 1.3,
                        spaceAfter=0),
        cell_right=style("CellRight", fontSize=tsize, leading=tsize * 1.3, spaceAfter=0,
                         alignment=TA_RIGHT),
        header_cell=style("HeaderCell", fontName=fonts.bold, fontSize=tsize, leading=tsize * 1.3,
                          textColor=colors.white, spaceAfter=0),
        header_right=style("HeaderRight", fontName=fonts.bold, fontSize=tsize,
                           leading=tsize * 1.3, textColor=colors.white, spaceAfter=0,
                           alignment=TA_RIGHT),
        cover_title=style("CoverTitle", fontName=fonts.bold, fontSize=max(30.0, size * 2.8),
                          leading=max(30.0, size * 2.8) * 1.15, textColor=ACCENT,
                          spaceAfter=size),
        cover_subtitle=style("CoverSubtitle", fontSize=size * 1.45, leading=size * 1.9,
                             spaceAfter=size * 1.2),
        cover_meta=style("CoverMeta", fontSize=size * 1.1, leading=size * 1.5,
                         spaceAfter=size * 0.3),
        label=style("Label", fontName=fonts.bold, spaceAfter=size * 0.1),
        size=size,
        fonts=fonts,
    )


def esc(text: str | None) -> str:
    """Escape text for a reportlab Paragraph (which reads a small XML markup)."""
    return (str(text or "").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"))


def para(text: str, style: ParagraphStyle, fonts: Fonts | None = None) -> Paragraph:
    """A Paragraph from plain text (escaped, and made safe for the font)."""
    t = fonts.safe(text) if fonts else text
    return Paragraph(esc(t).replace("\n", "<br/>"), style)


# --------------------------------------------------------------------------- flowables


class StatusSwatch(Flowable):
    """A coloured block with its label printed on it (colour is never the only signal)."""

    def __init__(self, label: str, fill: str, ink: str, fonts: Fonts, size: float = 9.5,
                 min_width: float = 0) -> None:
        super().__init__()
        self.label = fonts.safe(label)
        self.fill = colors.HexColor(fill)
        self.ink = colors.HexColor(ink)
        self.font = fonts.bold
        self.size = size
        self.pad = size * 0.45
        text_w = pdfmetrics.stringWidth(self.label, self.font, size)
        self.width = max(min_width, text_w + 2 * self.pad)
        self.height = size * 1.55

    def wrap(self, avail_width, avail_height):  # reportlab protocol
        self.width = min(self.width, avail_width) if avail_width else self.width
        return self.width, self.height

    def draw(self) -> None:
        c = self.canv
        c.setFillColor(self.fill)
        c.setStrokeColor(colors.HexColor("#333333"))
        c.setLineWidth(0.4)
        c.roundRect(0, 0, self.width, self.height, 2, stroke=1, fill=1)
        c.setFillColor(self.ink)
        c.setFont(self.font, self.size)
        c.drawString(self.pad, self.height / 2 - self.size * 0.35, self.label)


# --------------------------------------------------------------------------- tables


def data_table(header: Sequence, rows: Sequence[Sequence], styles: Styles, *,
               col_widths: Sequence[float] | None = None, zebra: bool = True,
               align_right: Iterable[int] = (), extra: Iterable[tuple] = (),
               header_fill=ACCENT) -> Table:
    """A table whose header row repeats on each page and whose rows never split across pages
    (splitByRow=1, splitInRow=0: a row that does not fit moves whole to the next page).
    Cells may be strings (wrapped as Paragraphs), flowables, or lists of flowables."""

    right = set(align_right)

    def cell(value, col: int, head: bool = False):
        if isinstance(value, Flowable | list):  # a flowable, or a list of them stacked
            return value
        if head:
            style = styles.header_right if col in right else styles.header_cell
        else:
            style = styles.cell_right if col in right else styles.cell
        return para(str(value) if value is not None else "", style, styles.fonts)

    data = [[cell(h, c, True) for c, h in enumerate(header)]]
    data += [[cell(v, c) for c, v in enumerate(row)] for row in rows]
    table = Table(data, colWidths=col_widths, repeatRows=1, splitByRow=1, splitInRow=0,
                  hAlign="LEFT")
    commands = [
        ("BACKGROUND", (0, 0), (-1, 0), header_fill),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, 0), 1.0, INK),
        ("LINEBELOW", (0, 1), (-1, -1), 0.4, RULE),
        ("BOX", (0, 0), (-1, -1), 0.6, RULE),
        ("TOPPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
        ("LEFTPADDING", (0, 0), (-1, -1), 5),
        ("RIGHTPADDING", (0, 0), (-1, -1), 5),
    ]
    if zebra:
        for i in range(2, len(data), 2):
            commands.append(("BACKGROUND", (0, i), (-1, i), ZEBRA))
    for col in right:
        commands.append(("ALIGN", (col, 0), (col, -1), "RIGHT"))
    commands.extend(extra)
    table.setStyle(TableStyle(commands))
    return table


# --------------------------------------------------------------------------- page furniture


@dataclass
class PageFurniture:
    """What the running header and footer say."""

    header_left: str = ""
    header_right: str = ""
    footer_left: str = ""
    classification: str = "OFFICIAL"
    draft: bool = False


def numbered_canvas(furniture: PageFurniture, fonts: Fonts, *, cover_pages: int = 1):
    """A canvas class that holds pages until save, then writes "Page X of Y" on each
    (the usual one-pass way to know Y) and a DRAFT marking if asked."""

    class NumberedCanvas(rl_canvas.Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._saved: list[dict] = []

        def showPage(self):  # reportlab API name
            self._saved.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._saved)
            for state in self._saved:
                self.__dict__.update(state)
                self._furniture(total)
                super().showPage()
            super().save()

        def _furniture(self, total: int) -> None:
            width, _height = self._pagesize
            n = self._pageNumber
            self.saveState()
            self.setFont(fonts.regular, 9)
            self.setFillColor(MUTED)
            self.drawRightString(width - 18 * mm, 10 * mm, f"Page {n} of {total}")
            if furniture.draft:
                self.setFont(fonts.bold, 40)
                self.setFillColor(colors.Color(0.75, 0.1, 0.1, alpha=0.15))
                self.translate(width / 2, self._pagesize[1] / 2)
                self.rotate(35)
                self.drawCentredString(0, 0, "DRAFT")
            self.restoreState()

    return NumberedCanvas


class ReportDoc(BaseDocTemplate):
    """Cover + body page templates with running header/footer and metadata.

    Build with `doc.build(story)`: the story should start with the cover's flowables, then
    `*doc.to_body()` (a NextPageTemplate and a PageBreak), then the body."""

    def __init__(self, path: str | os.PathLike, *, title: str, author: str, subject: str,
                 furniture: PageFurniture, fonts: Fonts, landscape_body: bool = False,
                 keywords: Sequence[str] = (), lang: str = "en-GB") -> None:
        self.furniture = furniture
        self.fonts = fonts
        body_size = landscape(A4) if landscape_body else A4
        cover_size = body_size  # one orientation throughout: printers and readers expect it
        margin = 18 * mm
        super().__init__(str(path), pagesize=body_size, title=title, author=author,
                         subject=subject, creator="voiceapp", keywords=list(keywords),
                         lang=lang, displayDocTitle=1, leftMargin=margin, rightMargin=margin,
                         topMargin=24 * mm, bottomMargin=20 * mm)
        cover_frame = Frame(margin, 25 * mm, cover_size[0] - 2 * margin,
                            cover_size[1] - 45 * mm, id="cover", showBoundary=0)
        body_frame = Frame(margin, 18 * mm, body_size[0] - 2 * margin,
                           body_size[1] - 18 * mm - 22 * mm, id="body", showBoundary=0)
        self.addPageTemplates([
            PageTemplate(id="cover", frames=[cover_frame], onPage=self._cover_page,
                         pagesize=cover_size),
            PageTemplate(id="body", frames=[body_frame], onPage=self._body_page,
                         pagesize=body_size),
        ])

    @staticmethod
    def to_body() -> list[Flowable]:
        return [NextPageTemplate("body"), PageBreak()]

    def _cover_page(self, canv, doc) -> None:
        width, height = canv._pagesize
        canv.saveState()
        canv.setFillColor(ACCENT)
        canv.rect(0, height - 14 * mm, width, 14 * mm, stroke=0, fill=1)
        canv.setFillColor(colors.white)
        canv.setFont(self.fonts.bold, 11)
        canv.drawString(18 * mm, height - 9 * mm, self.fonts.safe(self.furniture.header_left))
        canv.setFillColor(MUTED)
        canv.setFont(self.fonts.regular, 9)
        canv.drawString(18 * mm, 10 * mm, self.fonts.safe(self.furniture.classification))
        canv.restoreState()

    def _body_page(self, canv, doc) -> None:
        width, height = canv._pagesize
        f = self.furniture
        canv.saveState()
        canv.setFont(self.fonts.bold, 9)
        canv.setFillColor(ACCENT)
        canv.drawString(18 * mm, height - 13 * mm, self.fonts.safe(f.header_left))
        canv.setFont(self.fonts.regular, 9)
        canv.setFillColor(MUTED)
        canv.drawRightString(width - 18 * mm, height - 13 * mm, self.fonts.safe(f.header_right))
        canv.setStrokeColor(RULE)
        canv.setLineWidth(0.5)
        canv.line(18 * mm, height - 15.5 * mm, width - 18 * mm, height - 15.5 * mm)
        canv.line(18 * mm, 14 * mm, width - 18 * mm, 14 * mm)
        canv.drawString(18 * mm, 10 * mm, self.fonts.safe(
            " \u2022 ".join(x for x in (f.classification, f.footer_left) if x)))
        canv.restoreState()

    def build_story(self, story: list[Flowable]) -> None:
        self.build(story, canvasmaker=numbered_canvas(self.furniture, self.fonts))


def long_date(d: date | None) -> str:
    return f"{d:%-d %B %Y}" if d else ""


# --------------------------------------------------------------------------- Word


def docx_document(*, title: str, author: str, subject: str, keywords: str = "",
                  large_print: bool = False, landscape_pages: bool = False,
                  font_name: str = "Arial"):
    """A new python-docx Document with plain styles (body 11 pt, or 16 pt in large print),
    core properties set, A4 pages and "Page X of Y" in the footer."""
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.shared import Mm, Pt, RGBColor

    doc = Document()
    props = doc.core_properties
    props.title, props.author, props.subject, props.keywords = title, author, subject, keywords
    props.language = "en-GB"
    size = 16 if large_print else 11
    normal = doc.styles["Normal"]
    normal.font.name = font_name
    normal.font.size = Pt(size)
    normal.paragraph_format.space_after = Pt(size * 0.55)
    normal.paragraph_format.line_spacing = 1.2
    for name, scale in (("Title", 2.4), ("Heading 1", 1.75), ("Heading 2", 1.35),
                        ("Heading 3", 1.1)):
        st = doc.styles[name]
        st.font.name = font_name
        st.font.size = Pt(round(size * scale))
        st.font.bold = True
        st.font.color.rgb = RGBColor(0x0B, 0x4F, 0x6C)
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    if landscape_pages:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Mm(18))
    section.top_margin, section.bottom_margin = Mm(20), Mm(18)
    return doc


def docx_page_numbers(section, left_text: str = "") -> None:
    """Footer: `left_text`, then "Page X of Y" as Word fields (updated when opened)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    footer = section.footer
    p = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
    p.text = ""
    if left_text:
        p.add_run(left_text + "    ")
    p.add_run("Page ")

    def field(code: str) -> None:
        run = p.add_run()
        begin = OxmlElement("w:fldChar")
        begin.set(qn("w:fldCharType"), "begin")
        instr = OxmlElement("w:instrText")
        instr.set(qn("xml:space"), "preserve")
        instr.text = code
        sep = OxmlElement("w:fldChar")
        sep.set(qn("w:fldCharType"), "separate")
        txt = OxmlElement("w:t")
        txt.text = "1"
        end = OxmlElement("w:fldChar")
        end.set(qn("w:fldCharType"), "end")
        for el in (begin, instr, sep, txt, end):
            run._r.append(el)

    field("PAGE")
    p.add_run(" of ")
    field("NUMPAGES")


def docx_header(section, left: str, right: str = "") -> None:
    header = section.header
    p = header.paragraphs[0] if header.paragraphs else header.add_paragraph()
    p.text = left + (f"  |  {right}" if right else "")


def docx_shade(cell, hex_fill: str) -> None:
    """Fill a Word table cell with a colour."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    tc_pr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), hex_fill.lstrip("#"))
    tc_pr.append(shd)


def docx_table(doc, header: Sequence[str], rows: Sequence[Sequence[str]], *,
               widths_mm: Sequence[float] | None = None,
               cell_hook: Callable | None = None, font_size: float | None = None):
    """A Word table: header row repeats on each page, no row breaks across pages, header
    shaded. `cell_hook(cell, row_index, col_index, value)` may style individual cells."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt, RGBColor

    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for i, h in enumerate(header):
        cell = table.rows[0].cells[i]
        cell.text = ""
        run = cell.paragraphs[0].add_run(str(h))
        run.bold = True
        run.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
        if font_size:
            run.font.size = Pt(font_size)
        docx_shade(cell, "#0B4F6C")
    tr_pr = table.rows[0]._tr.get_or_add_trPr()
    hdr = OxmlElement("w:tblHeader")
    hdr.set(qn("w:val"), "true")
    tr_pr.append(hdr)
    for r, values in enumerate(rows):
        row = table.add_row()
        cant = OxmlElement("w:cantSplit")
        cant.set(qn("w:val"), "true")
        row._tr.get_or_add_trPr().append(cant)
        for c, value in enumerate(values):
            cell = row.cells[c]
            cell.text = ""
            run = cell.paragraphs[0].add_run("" if value is None else str(value))
            if font_size:
                run.font.size = Pt(font_size)
            if cell_hook:
                cell_hook(cell, r, c, value)
    if widths_mm:
        for row in table.rows:
            for cell, w in zip(row.cells, widths_mm, strict=False):
                cell.width = Mm(w)
    return table


__all__ = [
    "ACCENT", "ACCENT_LIGHT", "INK", "MUTED", "RULE", "ZEBRA", "Fonts", "PageFurniture",
    "ReportDoc", "StatusSwatch", "Styles", "data_table", "docx_document", "docx_header",
    "docx_page_numbers", "docx_shade", "docx_table", "esc", "load_fonts", "long_date",
    "make_styles", "numbered_canvas", "para",
]
