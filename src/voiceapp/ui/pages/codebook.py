"""The Codebook page: the tree of themes with how many records carry each; administrators add,
rename, move (drag and drop, or Move to…), merge and retire codes. History is kept: every change
is in the audit trail and shown beside the code; merged and retired codes stay visible (greyed)
because old records and reports still use them."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTreeView,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from voiceapp.services import codebook as codebook_service
from voiceapp.services.codebook import CodeNode
from voiceapp.services.permissions import Permission, allowed

from ..context import UiContext
from ..dialogs.feedback_bulk import BulkPickDialog
from ..models.codebook import CodebookModel


class CodebookPage(QWidget):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.can_edit = allowed(ctx.actor, Permission.MANAGE_CODEBOOK)
        self.nodes: list[CodeNode] = []
        self._select_id: int | None = None

        title = QLabel("Codebook")
        title.setStyleSheet("font-size: 16pt; font-weight: 600;")
        intro = QLabel("The themes records are tagged with, and how many records carry each. "
                       + ("Drag a theme onto another to move it under it; drop it on the empty "
                          "space below the list to make it top level." if self.can_edit else
                          "Only an administrator can change the codebook."))
        intro.setWordWrap(True)

        self.model = CodebookModel(self)
        self.model.editable = self.can_edit
        self.model.move_requested.connect(self.move_to)
        self.tree = QTreeView()
        self.tree.setObjectName("codebookTree")
        self.tree.setModel(self.model)
        self.tree.setAlternatingRowColors(True)
        self.tree.setUniformRowHeights(True)
        self.tree.header().setStretchLastSection(False)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for c in (1, 2, 3):
            self.tree.header().setSectionResizeMode(c, QHeaderView.ResizeMode.ResizeToContents)
        if self.can_edit:
            self.tree.setDragEnabled(True)
            self.tree.setAcceptDrops(True)
            self.tree.setDropIndicatorShown(True)
            self.tree.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
            self.tree.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.tree.selectionModel().currentChanged.connect(lambda cur, _p: self._selected(cur))

        buttons = QHBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        for key, text, fn in (("add", "Add…", self.add), ("rename", "Rename…", self.rename),
                              ("move", "Move to…", self.move), ("merge", "Merge into…",
                                                                 self.merge),
                              ("retire", "Retire", self.toggle_retired)):
            b = QPushButton(text)
            b.setObjectName(f"codebook_{key}")
            b.clicked.connect(fn)
            b.setVisible(self.can_edit)
            buttons.addWidget(b)
            self.buttons[key] = b
        self.show_retired = QCheckBox("Show retired and merged themes")
        self.show_retired.setChecked(True)
        self.show_retired.toggled.connect(self._toggle_show_retired)
        buttons.addStretch(1)
        buttons.addWidget(self.show_retired)

        self.detail_title = QLabel()
        self.detail_title.setObjectName("codeTitle")
        self.detail_title.setStyleSheet("font-size: 13pt; font-weight: 600;")
        self.detail_title.setWordWrap(True)
        self.detail_text = QLabel()
        self.detail_text.setObjectName("codeDetail")
        self.detail_text.setWordWrap(True)
        self.detail_text.setTextFormat(Qt.TextFormat.RichText)
        self.show_records = QPushButton("Show these records on the Feedback page")
        self.show_records.setObjectName("showRecords")
        self.show_records.clicked.connect(self._show_records)
        self.history = QTreeWidget()
        self.history.setObjectName("codeHistory")
        self.history.setHeaderLabels(["When", "Who", "What"])
        self.history.setRootIsDecorated(False)
        self.history.setColumnWidth(0, 130)
        right = QWidget()
        rl = QVBoxLayout(right)
        rl.addWidget(self.detail_title)
        rl.addWidget(self.detail_text)
        rl.addWidget(self.show_records)
        rl.addWidget(QLabel("<b>History</b>"))
        rl.addWidget(self.history, 1)

        split = QSplitter()
        split.addWidget(self.tree)
        split.addWidget(right)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setSizes([650, 420])
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addLayout(buttons)
        layout.addWidget(split, 1)
        self._selected(self.tree.currentIndex())
        ctx.data_changed.connect(lambda what: what in ("codebook", "feedback") and self.refresh())
        self.refresh()

    # ------------------------------------------------------------------ loading

    def refresh(self) -> None:
        ctx = self.ctx
        ctx.run(codebook_service.codebook_tree, ctx.db, ctx.actor, on_result=self._loaded,
                on_error=lambda exc, *_: ctx.show_error(self, exc, "The codebook could not load"))

    def _loaded(self, nodes: list[CodeNode]) -> None:
        current = self.current()
        keep = self._select_id or (current.id if current else None)
        self._select_id = None
        expanded = {n.id for n in self.nodes if self.tree.isExpanded(self.model.index_of(n.id))}
        self.nodes = nodes
        self.model.set_nodes(nodes)
        for tid in expanded:
            ix = self.model.index_of(tid)
            if ix.isValid():
                self.tree.setExpanded(ix, True)
        if keep is not None:
            ix = self.model.index_of(keep)
            if ix.isValid():
                p = ix.parent()
                while p.isValid():
                    self.tree.setExpanded(p, True)
                    p = p.parent()
                self.tree.selectionModel().setCurrentIndex(
                    ix, QItemSelectionModel.SelectionFlag.ClearAndSelect |
                    QItemSelectionModel.SelectionFlag.Rows)
                self.tree.scrollTo(ix)
        self._selected(self.tree.currentIndex())

    def _toggle_show_retired(self, on: bool) -> None:
        self.model.show_retired = on
        self._loaded(self.nodes)

    def current(self) -> CodeNode | None:
        return self.model.node(self.tree.currentIndex())

    def _selected(self, index) -> None:
        n = self.model.node(index)
        for key, b in self.buttons.items():
            b.setEnabled(self.can_edit and (key == "add" or n is not None))
        if n is not None and n.merged_into_id:
            for key in ("rename", "move", "merge", "retire"):
                self.buttons[key].setEnabled(False)
        self.buttons["retire"].setText("Reinstate" if n is not None and n.retired else "Retire")
        self.show_records.setEnabled(n is not None)
        self.history.clear()
        if n is None:
            self.detail_title.setText("Select a theme")
            self.detail_text.setText("Choose a theme to see its description, counts and "
                                     "history.")
            return
        state = ("merged into another theme" if n.merged_into_id else
                 "retired: kept on old records, no longer suggested" if n.retired else "in use")
        self.detail_title.setText(n.name)
        self.detail_text.setText(
            f"<p>{_esc(n.description) or '<i>No description.</i>'}</p>"
            f"<p>Code <tt>{_esc(n.slug)}</tt> · {state}</p>"
            f"<p><b>{n.records:,}</b> records carry this theme ({n.confirmed:,} confirmed by an "
            f"officer); <b>{n.total:,}</b> including its sub-themes.</p>")
        ctx = self.ctx
        ctx.run(codebook_service.code_history, ctx.db, ctx.actor, n.id,
                on_result=lambda hist, tid=n.id: self._history(tid, hist),
                on_error=lambda *_: None)

    def _history(self, theme_id: int, hist) -> None:
        cur = self.current()
        if cur is None or cur.id != theme_id:
            return
        self.history.clear()
        for h in reversed(hist):
            QTreeWidgetItem(self.history, [h.at.strftime("%d %b %Y %H:%M"), h.username,
                                           h.summary])
        if not hist:
            item = QTreeWidgetItem(self.history, ["", "", "Unchanged since the starter codebook."])
            item.setDisabled(True)

    # ------------------------------------------------------------------ edits

    def _run(self, fn, *args, select: int | None = None) -> None:
        ctx = self.ctx

        def done(node) -> None:
            self._select_id = select if select is not None else getattr(node, "id", None)
            ctx.data_changed.emit("codebook")

        ctx.run(fn, ctx.db, ctx.actor, *args, on_result=done,
                on_error=lambda exc, *_: ctx.show_error(self, exc, "The codebook was not changed"))

    def add(self) -> None:
        parent = self.current()
        where = f"under {parent.name!r}" if parent and not parent.retired else "at the top level"
        name, ok = QInputDialog.getText(self, "Add a theme", f"Name of the new theme ({where}):")
        if ok and name.strip():
            self._run(codebook_service.add_code, name.strip(),
                      parent.id if parent and not parent.retired else None)

    def rename(self) -> None:
        n = self.current()
        if n is None:
            return
        name, ok = QInputDialog.getText(self, "Rename theme", "New name:", text=n.name)
        if ok and name.strip() and name.strip() != n.name:
            self._run(codebook_service.rename_code, n.id, name.strip())

    def _targets(self, n: CodeNode, exclude_branch: bool) -> list[tuple[int, str]]:
        branch = {n.id}
        if exclude_branch:
            changed = True
            while changed:
                changed = False
                for x in self.nodes:
                    if x.parent_id in branch and x.id not in branch:
                        branch.add(x.id)
                        changed = True
        by_id = {x.id: x for x in self.nodes}

        def path(x: CodeNode) -> str:
            parts = [x.name]
            p = by_id.get(x.parent_id) if x.parent_id else None
            while p is not None:
                parts.append(p.name)
                p = by_id.get(p.parent_id) if p.parent_id else None
            return " › ".join(reversed(parts))

        return [(x.id, path(x)) for x in self.nodes if not x.retired and x.id not in branch]

    def move(self) -> None:
        n = self.current()
        if n is None:
            return
        dialog = BulkPickDialog("Move theme", f"Move {n.name!r} (with its sub-themes) under:",
                                self._targets(n, exclude_branch=True), self, ok_text="Move",
                                allow_none="(top level)")
        self.pick_dialog = dialog
        if dialog.exec() == BulkPickDialog.DialogCode.Accepted:
            self.move_to(n.id, dialog.value())

    def move_to(self, theme_id: int, new_parent: int | None) -> None:
        self._run(codebook_service.move_code, theme_id, new_parent, select=theme_id)

    def merge(self) -> None:
        n = self.current()
        if n is None:
            return
        dialog = BulkPickDialog("Merge theme", f"Merge {n.name!r} into (its records and "
                                "sub-themes move there; it is then retired):",
                                self._targets(n, exclude_branch=True), self, ok_text="Merge")
        self.pick_dialog = dialog
        if dialog.exec() != BulkPickDialog.DialogCode.Accepted or dialog.value() is None:
            return
        target = next(x for x in self.nodes if x.id == dialog.value())
        answer = QMessageBox.question(
            self, "Merge themes?",
            f"Merge {n.name!r} ({n.records:,} records) into {target.name!r}?\n\nIts records "
            "will carry the other theme instead. This is recorded in the history and cannot "
            "be undone by un-merging.")
        if answer == QMessageBox.StandardButton.Yes:
            self.merge_into(n.id, target.id)

    def merge_into(self, source_id: int, target_id: int) -> None:
        self._run(codebook_service.merge_codes, source_id, target_id, select=target_id)

    def toggle_retired(self) -> None:
        n = self.current()
        if n is not None:
            self._run(codebook_service.retire_code, n.id, not n.retired, select=n.id)

    def _show_records(self) -> None:
        n = self.current()
        if n is not None:
            self.ctx.navigate("feedback", theme_id=n.id)


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
