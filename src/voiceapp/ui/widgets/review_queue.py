"""The review queue, built for the keyboard.

Keys (shown on screen):
  Up / Down     previous / next record          J / K   next / previous suggested theme
  Y / N         accept / reject that theme      A       add a theme from the codebook
  1 / 2 / 3     sentiment negative / neutral / positive      0   agree with the analyser
  Enter         confirm and go to the next (suggestions not rejected are accepted)
  S             skip for now

Every confirmation is saved at once (one service call, audited). After a review session the
theme learner is retrained in the background, so suggestions improve.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListView,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from voiceapp.errors import ConcurrentEditError
from voiceapp.services import review as review_service
from voiceapp.services.feedback import ThemeOption
from voiceapp.services.review import ReviewDecision, ReviewItem

from ..context import UiContext
from ..models.feedback_table import kind_label
from ..models.review_queue import ReviewQueueModel
from .analysis_panel import SENTIMENT_STYLE, theme_paths

RETRAIN_EVERY = 25  # retrain after this many confirmations in a session (and when leaving)
KEYS_HELP = ("<b>Keys:</b> ↑/↓ record · J/K theme · <b>Y</b> accept · <b>N</b> reject · "
             "<b>A</b> add theme · <b>1</b>/<b>2</b>/<b>3</b> negative/neutral/positive · "
             "<b>0</b> agree with analyser · <b>Enter</b> confirm and next · <b>S</b> skip")


class ReviewQueueWidget(QWidget):
    count_changed = Signal(int)
    reviewed = Signal(int)  # feedback id

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reviewQueue")
        self.ctx = ctx
        self.themes: list[ThemeOption] = []
        self.item: ReviewItem | None = None
        self.decisions: dict[int, bool] = {}
        self.added: list[int] = []
        self.override: str | None = None
        self.cursor = 0
        self.confirmed_in_session = 0
        self._since_retrain = 0
        self._saving = False
        self.total = 0

        self.model = ReviewQueueModel(
            lambda before, limit: review_service.review_queue(ctx.db, ctx.actor, limit, before),
            ctx.run)
        self.list = QListView()
        self.list.setObjectName("reviewList")
        self.list.setModel(self.model)
        self.list.setWordWrap(True)
        self.list.setUniformItemSizes(True)
        self.list.setAlternatingRowColors(True)
        self.list.selectionModel().currentRowChanged.connect(lambda cur, _p: self._show(cur.row()))
        self.model.loaded.connect(self._loaded)
        self.model.load_failed.connect(lambda exc: ctx.show_error(self, exc))

        self.header = QLabel()
        self.header.setObjectName("reviewHeader")
        self.header.setStyleSheet("font-size: 12pt; font-weight: 600;")
        self.text = QTextBrowser()
        self.text.setObjectName("reviewText")
        self.text.setStyleSheet("font-size: 12pt;")
        self.text.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.sentiment = QLabel()
        self.sentiment.setObjectName("reviewSentiment")
        self.sentiment.setTextFormat(Qt.TextFormat.RichText)
        self.sentiment.setWordWrap(True)
        self.theme_box = QVBoxLayout()
        theme_host = QFrame()
        theme_host.setLayout(self.theme_box)
        buttons = QHBoxLayout()
        self.confirm_button = QPushButton("Confirm and next  (Enter)")
        self.confirm_button.setObjectName("confirmNext")
        self.confirm_button.clicked.connect(self.confirm)
        self.skip_button = QPushButton("Skip  (S)")
        self.skip_button.setObjectName("skip")
        self.skip_button.clicked.connect(self.skip)
        self.add_button = QPushButton("Add theme…  (A)")
        self.add_button.clicked.connect(self.add_theme)
        for b in (self.confirm_button, self.skip_button, self.add_button):
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        buttons.addWidget(self.add_button)
        buttons.addStretch(1)
        buttons.addWidget(self.skip_button)
        buttons.addWidget(self.confirm_button)
        keys = QLabel(KEYS_HELP)
        keys.setWordWrap(True)
        keys.setStyleSheet("color: #444; background: #f3f3f3; padding: 6px; border-radius: 4px;")

        right = QWidget()
        rl = QVBoxLayout(right)
        rl.addWidget(self.header)
        rl.addWidget(self.text, 2)
        rl.addWidget(self.sentiment)
        rl.addWidget(QLabel("<b>Suggested themes</b>"))
        rl.addWidget(theme_host, 1)
        rl.addLayout(buttons)
        rl.addWidget(keys)
        self.empty = QLabel("Nothing waiting for review. New records appear here when the "
                            "analyser suggests themes an officer has not confirmed yet.")
        self.empty.setObjectName("reviewEmpty")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setStyleSheet("color: #666; font-size: 12pt; padding: 30px;")
        rl.addWidget(self.empty)
        self.right = right

        split = QSplitter()
        split.setObjectName("reviewSplitter")
        split.addWidget(self.list)
        split.addWidget(right)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        split.setSizes([380, 620])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(split)

        ctxt = Qt.ShortcutContext.WidgetWithChildrenShortcut
        for key, fn in (("Y", lambda: self.decide(True)), ("N", lambda: self.decide(False)),
                        ("J", lambda: self.move_cursor(1)), ("K", lambda: self.move_cursor(-1)),
                        ("A", self.add_theme), ("S", self.skip), ("Return", self.confirm),
                        ("Enter", self.confirm), ("0", lambda: self.set_override(None)),
                        ("1", lambda: self.set_override("negative")),
                        ("2", lambda: self.set_override("neutral")),
                        ("3", lambda: self.set_override("positive"))):
            sc = QShortcut(QKeySequence(key), self)
            sc.setContext(ctxt)
            sc.activated.connect(fn)
        self._show(-1)

    # ------------------------------------------------------------------ loading

    def set_themes(self, themes: list[ThemeOption]) -> None:
        self.themes = list(themes)

    def refresh(self) -> None:
        self.model.reload()
        self.ctx.run(review_service.review_count, self.ctx.db, self.ctx.actor,
                     on_result=self._set_total)

    def _set_total(self, n: int) -> None:
        self.total = n
        self.count_changed.emit(n)

    def _loaded(self, _n: int) -> None:
        if self.item is None and self.model.rowCount():
            self.select(0)
        elif not self.model.rowCount():
            self._show(-1)

    def select(self, row: int) -> None:
        if 0 <= row < self.model.rowCount():
            self.list.selectionModel().setCurrentIndex(
                self.model.index(row, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect)
            self.list.setFocus()
        else:
            self._show(-1)

    def current_row(self) -> int:
        return self.list.currentIndex().row()

    # ------------------------------------------------------------------ display

    def _show(self, row: int) -> None:
        has = 0 <= row < self.model.rowCount()
        for w in (self.header, self.text, self.sentiment, self.confirm_button, self.skip_button,
                  self.add_button):
            w.setVisible(has)
        self.empty.setVisible(not has)
        if not has:
            self.item = None
            self._render_themes()
            return
        self.item = self.model.item(row)
        self.decisions = {}
        self.added = []
        self.override = self.item.sentiment_override
        self.cursor = 0
        self._render()

    def _suggested(self):
        return [t for t in self.item.themes if t.status == "suggested"] if self.item else []

    def _render(self) -> None:
        item = self.item
        if item is None:
            return
        flag = "  ⚠ safeguarding flag" if item.safeguarding_flag else ""
        self.header.setText(f"{kind_label(item.kind)} {item.id} · {item.received_on:%d %b %Y}"
                            f"{flag}")
        self.text.setHtml(self._highlighted(item))
        auto = SENTIMENT_STYLE.get(item.sentiment_label or "", ("Not analysed", "#000", ""))[0]
        drivers = ", ".join(f"“{d.text}” ({d.weight:+.1f})" for d in item.drivers[:5])
        shown = (f"<b>Your view: {self.override}</b> (analyser said {auto.lower()})"
                 if self.override else f"<b>{auto}</b>")
        self.sentiment.setText(f"Sentiment: {shown}" + (f"<br/>Driven by: {drivers}"
                                                        if drivers else ""))
        self._render_themes()

    def _highlighted(self, item: ReviewItem) -> str:
        words = {d.text for d in item.drivers if d.text} | {
            e for t in self._suggested() for e in t.evidence if e}
        if not words:
            return f"<p style='white-space: pre-wrap'>{_esc(item.text)}</p>"
        # Whole words and phrases only ("clear" must not light up half of "clearer"), matched
        # on the plain text and escaped piece by piece.
        pattern = re.compile(r"\b(" + "|".join(re.escape(w) for w in sorted(
            words, key=len, reverse=True)) + r")\b", re.IGNORECASE)
        out, last = [], 0
        for m in pattern.finditer(item.text):
            out.append(_esc(item.text[last:m.start()]))
            out.append(f"<span style='background:#fff3b0'>{_esc(m.group(0))}</span>")
            last = m.end()
        out.append(_esc(item.text[last:]))
        return f"<p style='white-space: pre-wrap'>{''.join(out)}</p>"

    def _render_themes(self) -> None:
        while self.theme_box.count():
            w = self.theme_box.takeAt(0).widget()
            if w is not None:
                w.deleteLater()
        if self.item is None:
            return
        suggested = self._suggested()
        names = {t.id: t.name for t in self.themes}
        for i, t in enumerate(suggested):
            decision = self.decisions.get(t.theme_id)
            mark = {True: "✓ accept", False: "✗ reject", None: "· undecided (Enter accepts)"}[
                decision]
            ev = ", ".join(f"“{e}”" for e in t.evidence[:3])
            conf = f"{t.confidence:.0%}" if t.confidence is not None else ""
            label = QLabel(f"{'▶ ' if i == self.cursor else '   '}<b>{_esc(t.name)}</b> {conf}"
                           f" — {mark}" + (f"<br/><span style='color:#666'>matched {ev}</span>"
                                           if ev else ""))
            label.setObjectName(f"reviewTheme{t.theme_id}")
            colour = {True: "#e3f4e6", False: "#f4e3e3"}.get(decision, "#ffffff")
            border = "2px solid #1f3b73" if i == self.cursor else "1px solid #ccc"
            label.setStyleSheet(f"background: {colour}; border: {border}; padding: 4px;")
            label.setWordWrap(True)
            self.theme_box.addWidget(label)
        for t in self.item.themes:
            if t.status == "confirmed":
                lab = QLabel(f"✓ {_esc(t.name)} (already confirmed)")
                lab.setStyleSheet("color: #1b6e2d; padding: 2px 4px;")
                self.theme_box.addWidget(lab)
        for tid in self.added:
            lab = QLabel(f"+ {_esc(names.get(tid, str(tid)))} (added by you)")
            lab.setStyleSheet("color: #1b6e2d; padding: 2px 4px;")
            self.theme_box.addWidget(lab)
        if not suggested and not self.added:
            lab = QLabel("No themes suggested. Press A to add one, or Enter to confirm.")
            lab.setStyleSheet("color: #666; font-style: italic;")
            self.theme_box.addWidget(lab)

    # ------------------------------------------------------------------ keyboard actions

    def move_cursor(self, step: int) -> None:
        n = len(self._suggested())
        if n:
            self.cursor = (self.cursor + step) % n
            self._render_themes()

    def decide(self, ok: bool) -> None:
        suggested = self._suggested()
        if not suggested:
            return
        tid = suggested[self.cursor].theme_id
        self.decisions[tid] = ok
        if self.cursor < len(suggested) - 1:
            self.cursor += 1
        self._render_themes()

    def set_override(self, label: str | None) -> None:
        if self.item is None:
            return
        self.override = None if label == self.item.sentiment_label else label
        self._render()

    def add_theme(self, theme_id: int | None = None) -> None:
        if self.item is None:
            return
        if theme_id is None:
            options = theme_paths(self.themes)
            labels = [p for _i, p in options]
            chosen, ok = QInputDialog.getItem(self, "Add a theme", "Theme:", labels, 0, False)
            if not ok:
                return
            theme_id = options[labels.index(chosen)][0]
        for t in self._suggested():
            if t.theme_id == theme_id:
                self.decisions[theme_id] = True
                self._render_themes()
                return
        if theme_id not in self.added:
            self.added.append(theme_id)
        self._render_themes()

    def skip(self) -> None:
        row = self.current_row()
        if row + 1 < self.model.rowCount():
            self.select(row + 1)
        elif self.model.canFetchMore():
            self.model.fetchMore()

    def decision(self) -> ReviewDecision:
        themes = {t.theme_id: self.decisions.get(t.theme_id, True) for t in self._suggested()}
        return ReviewDecision(themes=themes, added_theme_ids=tuple(self.added),
                              sentiment_override=self.override)

    def confirm(self) -> None:
        if self.item is None or self._saving:
            return
        self._saving = True
        row, item = self.current_row(), self.item
        self.ctx.run(review_service.submit_review, self.ctx.db, self.ctx.actor, item.id,
                     item.version, self.decision(),
                     on_result=lambda updated: self._confirmed(row, updated),
                     on_error=lambda exc, *_: self._failed(row, exc))

    def _confirmed(self, row: int, updated: ReviewItem) -> None:
        self._saving = False
        self.confirmed_in_session += 1
        self._since_retrain += 1
        self.reviewed.emit(updated.id)
        self.ctx.data_changed.emit("feedback")
        self.model.remove(row)
        self._set_total(max(0, self.total - 1))
        if self.model.rowCount() == 0 and self.model.canFetchMore():
            self.model.fetchMore()
        self.select(min(row, self.model.rowCount() - 1))
        if self.model.rowCount() == 0:
            self._show(-1)
        if self._since_retrain >= RETRAIN_EVERY:
            self.retrain()

    def _failed(self, row: int, exc: BaseException) -> None:
        self._saving = False
        if isinstance(exc, ConcurrentEditError) and isinstance(exc.theirs, ReviewItem):
            self.model.replace(row, exc.theirs)
            self._show(row)
        self.ctx.show_error(self, exc, "The review was not saved")

    def retrain(self) -> None:
        """Retrain the theme learner in the background from everything confirmed so far."""
        if self._since_retrain == 0:
            return
        self._since_retrain = 0
        self.ctx.run(review_service.retrain_after_review, self.ctx.db,
                     on_result=lambda ran: ran and self.ctx.data_changed.emit("theme_model"),
                     on_error=lambda *_: None)


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
