"""The live analysis panel beside a capture form.

As the officer types, the text is analysed off the GUI thread (debounced, so a burst of typing
causes one analysis) and the panel shows: the sentiment with the words that drove it, suggested
themes with their evidence (accept or reject each; add others from the codebook), and a
prominent warning when the text suggests a safeguarding risk. A result for text that has since
changed is ignored (sequence numbers).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from voiceapp.services.feedback import AnalysisPreview, ThemeOption

DEBOUNCE_MS = 350
SENTIMENT_STYLE = {
    "positive": ("Positive", "#1b6e2d", "#dcf3e2"),
    "neutral": ("Neutral", "#444444", "#ececec"),
    "negative": ("Negative", "#a4161a", "#fbe0e0"),
}
SAFEGUARDING_TEXT = (
    "A manager will be asked to review this record today. If a child may be in immediate "
    "danger, follow your safeguarding procedure now: call the front door (MASH), or 999.")


def theme_paths(themes: Sequence[ThemeOption]) -> list[tuple[int, str]]:
    """(id, "Parent › Child") for every current code, in codebook order."""
    by_id = {t.id: t for t in themes}

    def path(t: ThemeOption) -> str:
        parts, seen = [t.name], {t.id}
        p = by_id.get(t.parent_id) if t.parent_id else None
        while p is not None and p.id not in seen:
            parts.append(p.name)
            seen.add(p.id)
            p = by_id.get(p.parent_id) if p.parent_id else None
        return " › ".join(reversed(parts))

    return [(t.id, path(t)) for t in themes if not t.retired]


class SafeguardingBanner(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("safeguardingBanner")
        self.setStyleSheet("#safeguardingBanner { background: #a4161a; border-radius: 6px; }"
                           "#safeguardingBanner QLabel { color: white; }")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        self.title = QLabel("⚠  Possible safeguarding concern")
        self.title.setStyleSheet("font-size: 14pt; font-weight: 700;")
        self.title.setWordWrap(True)
        self.reasons = QLabel()
        self.reasons.setWordWrap(True)
        self.reasons.setStyleSheet("font-weight: 600;")
        self.advice = QLabel(SAFEGUARDING_TEXT)
        self.advice.setWordWrap(True)
        for w in (self.title, self.reasons, self.advice):
            layout.addWidget(w)
        self.setAccessibleName("Safeguarding warning")
        self.hide()

    def show_reasons(self, reasons: Sequence[str]) -> None:
        self.reasons.setText("Because of: " + "; ".join(reasons) if reasons else "")
        self.show()


class ThemeRow(QFrame):
    """One suggested or added theme, with Accept / Reject (or Remove for added ones)."""

    decided = Signal(int, object)  # theme id, True / False / None

    def __init__(self, theme_id: int, name: str, detail: str, added: bool,
                 decision: bool | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.theme_id = theme_id
        self.setObjectName(f"themeRow{theme_id}")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        text = QVBoxLayout()
        title = QLabel(f"<b>{name}</b>")
        title.setWordWrap(True)
        text.addWidget(title)
        if detail:
            ev = QLabel(detail)
            ev.setWordWrap(True)
            ev.setStyleSheet("color: #555;")
            text.addWidget(ev)
        layout.addLayout(text, 1)
        if added:
            self.remove = QPushButton("Remove")
            self.remove.setObjectName("removeTheme")
            self.remove.setAutoDefault(False)  # Enter in a dialog saves; never this
            self.remove.clicked.connect(lambda: self.decided.emit(self.theme_id, None))
            layout.addWidget(self.remove)
            return
        self.accept = QPushButton("✓ Accept")
        self.reject = QPushButton("✗ Reject")
        self.accept.setObjectName("acceptTheme")
        self.reject.setObjectName("rejectTheme")
        for b in (self.accept, self.reject):
            b.setCheckable(True)
            b.setAutoDefault(False)  # Enter in a dialog saves; never these
            layout.addWidget(b)
        self.accept.setChecked(decision is True)
        self.reject.setChecked(decision is False)
        self.accept.clicked.connect(lambda on: self.decided.emit(self.theme_id,
                                                                 True if on else None))
        self.reject.clicked.connect(lambda on: self.decided.emit(self.theme_id,
                                                                 False if on else None))
        self._style(decision)

    def _style(self, decision: bool | None) -> None:
        colour = {True: "#e3f4e6", False: "#f4e3e3"}.get(decision, "transparent")
        self.setStyleSheet(f"#themeRow{self.theme_id} {{ background: {colour}; }}")


class AnalysisPanel(QWidget):
    analysed = Signal(object)  # AnalysisPreview
    safeguarding_changed = Signal(bool)
    decisions_changed = Signal()

    def __init__(self, analyse: Callable, runner: Callable | None,
                 parent: QWidget | None = None) -> None:
        """`analyse(text) -> AnalysisPreview` runs through `runner` (UiContext.run); with no
        runner it runs inline (tests)."""
        super().__init__(parent)
        self.setObjectName("analysisPanel")
        self._analyse = analyse
        self._runner = runner
        self._seq = 0
        self._text = ""
        self.preview: AnalysisPreview | None = None
        self._decisions: dict[int, bool] = {}
        self._added: list[int] = []
        self._names: dict[int, str] = {}
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self._run)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        heading = QLabel("Analysis")
        heading.setStyleSheet("font-size: 13pt; font-weight: 600;")
        outer.addWidget(heading)
        self.banner = SafeguardingBanner()
        outer.addWidget(self.banner)
        self.status = QLabel("Type what they said to see the sentiment and suggested themes.")
        self.status.setObjectName("analysisStatus")
        self.status.setWordWrap(True)
        self.status.setStyleSheet("color: #555;")
        outer.addWidget(self.status)

        sent_box = QHBoxLayout()
        sent_box.addWidget(QLabel("Sentiment:"))
        self.sentiment = QLabel("–")
        self.sentiment.setObjectName("sentimentLabel")
        self.sentiment.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Preferred)
        sent_box.addWidget(self.sentiment)
        sent_box.addStretch(1)
        override_box = QHBoxLayout()
        override_box.addWidget(QLabel("Your view:"))
        self.override = QComboBox()
        self.override.setObjectName("sentimentOverride")
        self.override.addItem("Agree with analysis", None)
        for key, (label, _fg, _bg) in SENTIMENT_STYLE.items():
            self.override.addItem(label, key)
        self.override.setToolTip("Override the automatic sentiment if it has read this wrongly. "
                                 "Your choice is kept separately and wins in reports.")
        self.override.currentIndexChanged.connect(lambda _i: self.decisions_changed.emit())
        override_box.addWidget(self.override, 1)
        outer.addLayout(sent_box)
        outer.addLayout(override_box)
        self.drivers = QLabel()
        self.drivers.setObjectName("sentimentDrivers")
        self.drivers.setWordWrap(True)
        self.drivers.setTextFormat(Qt.TextFormat.RichText)
        outer.addWidget(self.drivers)

        themes_head = QLabel("Suggested themes")
        themes_head.setStyleSheet("font-weight: 600; margin-top: 6px;")
        outer.addWidget(themes_head)
        self.rows_host = QWidget()
        self.rows = QVBoxLayout(self.rows_host)
        self.rows.setContentsMargins(0, 0, 0, 0)
        self.rows.setSpacing(4)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.rows_host)
        scroll.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        outer.addWidget(scroll, 1)

        add_box = QHBoxLayout()
        self.add_combo = QComboBox()
        self.add_combo.setObjectName("addThemeCombo")
        self.add_combo.setEditable(True)
        self.add_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.add_combo.lineEdit().setPlaceholderText("Add another theme from the codebook…")
        self.add_combo.setMinimumContentsLength(20)
        self.add_button = QPushButton("Add theme")
        self.add_button.setObjectName("addThemeButton")
        self.add_button.setAutoDefault(False)
        self.add_button.clicked.connect(self._add_current)
        # Enter in the "add a theme" box adds the theme (it must not save the whole form).
        self.add_combo.lineEdit().installEventFilter(self)
        add_box.addWidget(self.add_combo, 1)
        add_box.addWidget(self.add_button)
        outer.addLayout(add_box)
        self._render_rows()

    def eventFilter(self, obj, event) -> bool:
        if obj is self.add_combo.lineEdit() and event.type() == QEvent.Type.KeyPress and \
                event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and \
                not event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self._add_current()
            return True
        return super().eventFilter(obj, event)

    # ------------------------------------------------------------------ inputs

    def set_catalogue(self, themes: Sequence[ThemeOption]) -> None:
        self._names = {t.id: t.name for t in themes}
        self.add_combo.clear()
        for tid, path in theme_paths(themes):
            self.add_combo.addItem(path, tid)
        self.add_combo.setCurrentIndex(-1)

    def set_text(self, text: str) -> None:
        """Schedule an analysis of `text` (debounced)."""
        self._text = text
        if not text.strip():
            self._timer.stop()
            self._seq += 1
            self._show(None)
            return
        self.status.setText("Analysing…")
        self._timer.start()

    def analyse_now(self) -> None:
        self._timer.stop()
        self._run()

    def _run(self) -> None:
        self._seq += 1
        seq, text = self._seq, self._text
        if self._runner is None:
            self._arrived(seq, self._analyse(text))
            return
        self._runner(self._analyse, text, on_result=lambda p: self._arrived(seq, p),
                     on_error=lambda exc, *_: self._failed(seq, exc))

    def _arrived(self, seq: int, preview: AnalysisPreview) -> None:
        if seq != self._seq:
            return
        self._show(preview)

    def _failed(self, seq: int, exc: BaseException) -> None:
        if seq == self._seq:
            self.status.setText(f"The analysis could not run ({exc}). You can still save; the "
                                "record will be analysed again later.")

    # ------------------------------------------------------------------ display

    def _show(self, preview: AnalysisPreview | None) -> None:
        was_flagged = bool(self.preview and self.preview.safeguarding)
        self.preview = preview
        if preview is None:
            self.status.setText("Type what they said to see the sentiment and suggested themes.")
            self.sentiment.setText("–")
            self.sentiment.setStyleSheet("")
            self.drivers.setText("")
            self.banner.hide()
        else:
            self.status.setText("")
            label, fg, bg = SENTIMENT_STYLE.get(preview.sentiment_label,
                                                (preview.sentiment_label, "#000", "#eee"))
            self.sentiment.setText(f"{label}  ({preview.sentiment_score:+.2f})")
            self.sentiment.setStyleSheet(f"color: {fg}; background: {bg}; padding: 2px 8px; "
                                         "border-radius: 4px; font-weight: 600;")
            if preview.drivers:
                parts = []
                for d in preview.drivers:
                    colour = "#1b6e2d" if d.weight > 0 else "#a4161a"
                    parts.append(f"<span style='color:{colour}'>“{_esc(d.text)}” "
                                 f"({d.weight:+.1f})</span>")
                self.drivers.setText("Driven by: " + ", ".join(parts))
            else:
                self.drivers.setText("No strongly positive or negative words found.")
            if preview.safeguarding:
                self.banner.show_reasons([f"{r.category.replace('_', ' ')} (“{r.matched_text}”)"
                                          for r in preview.safeguarding_reasons])
            else:
                self.banner.hide()
        self._render_rows()
        now_flagged = bool(preview and preview.safeguarding)
        if now_flagged != was_flagged:
            self.safeguarding_changed.emit(now_flagged)
        if preview is not None:
            self.analysed.emit(preview)

    def _render_rows(self) -> None:
        while self.rows.count():
            item = self.rows.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        shown = set()
        suggestions = self.preview.themes if self.preview else ()
        for sug in suggestions:
            shown.add(sug.theme_id)
            evidence = ", ".join(f"“{e}”" for e in sug.evidence[:4])
            detail = f"{sug.score:.0%} match" + (f" – matched {evidence}" if evidence else "")
            row = ThemeRow(sug.theme_id, sug.name, detail, False,
                           self._decisions.get(sug.theme_id))
            row.decided.connect(self._decide)
            self.rows.addWidget(row)
        for tid in self._added:
            if tid in shown:
                continue
            row = ThemeRow(tid, self._names.get(tid, str(tid)), "Added by you", True, True)
            row.decided.connect(self._remove_added)
            self.rows.addWidget(row)
        if not suggestions and not self._added:
            empty = QLabel("No themes suggested yet." if self.preview is None else
                           "No theme stood out. Add one from the codebook below if it fits.")
            empty.setStyleSheet("color: #666; font-style: italic;")
            empty.setWordWrap(True)
            self.rows.addWidget(empty)
        self.rows.addStretch(1)

    # ------------------------------------------------------------------ decisions

    def _decide(self, theme_id: int, decision: bool | None) -> None:
        if decision is None:
            self._decisions.pop(theme_id, None)
        else:
            self._decisions[theme_id] = decision
        self._render_rows()
        self.decisions_changed.emit()

    def set_decision(self, theme_id: int, decision: bool | None) -> None:
        self._decide(theme_id, decision)

    def _add_current(self) -> None:
        tid = self.add_combo.currentData()
        if tid is None:
            # typed text: accept a unique case-insensitive match
            text = self.add_combo.currentText().strip().lower()
            matches = [self.add_combo.itemData(i) for i in range(self.add_combo.count())
                       if text and text in self.add_combo.itemText(i).lower()]
            tid = matches[0] if len(matches) == 1 else None
        if tid is None:
            return
        self.add_theme(int(tid))
        self.add_combo.setCurrentIndex(-1)
        self.add_combo.clearEditText()

    def add_theme(self, theme_id: int) -> None:
        if self.preview and any(s.theme_id == theme_id for s in self.preview.themes):
            self._decide(theme_id, True)
            return
        if theme_id not in self._added:
            self._added.append(theme_id)
        self._render_rows()
        self.decisions_changed.emit()

    def _remove_added(self, theme_id: int, _decision) -> None:
        if theme_id in self._added:
            self._added.remove(theme_id)
        self._render_rows()
        self.decisions_changed.emit()

    def accepted_ids(self) -> tuple[int, ...]:
        accepted = [t for t, ok in self._decisions.items() if ok]
        return tuple(dict.fromkeys(accepted + self._added))

    def rejected_ids(self) -> tuple[int, ...]:
        return tuple(t for t, ok in self._decisions.items() if not ok and t not in self._added)

    def sentiment_override(self) -> str | None:
        return self.override.currentData()

    def reset(self) -> None:
        self._timer.stop()
        self._seq += 1
        self._text = ""
        self._decisions.clear()
        self._added.clear()
        self.override.setCurrentIndex(0)
        self._show(None)


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
