"""The main window. This first version shows what is in the database; the pages (Feedback,
Complaints, You Said We Did, Trends, Reports, Safeguarding, Codebook, Settings) follow."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QMainWindow,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from voiceapp import __version__
from voiceapp.services.workspace import Workspace


class MainWindow(QMainWindow):
    def __init__(self, workspace: Workspace) -> None:
        super().__init__()
        self.workspace = workspace
        self.setWindowTitle(f"voiceapp {__version__}")
        self.resize(1100, 720)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(24, 24, 24, 24)
        self.heading = QLabel()
        self.heading.setStyleSheet("font-size: 18pt; font-weight: 600;")
        self.warning = QLabel()
        self.warning.setWordWrap(True)
        self.warning.setFrameShape(QFrame.Shape.StyledPanel)
        self.warning.setStyleSheet(
            "background: #fff4ce; color: #5c4400; padding: 8px; border: 1px solid #e0c060;")
        self.summary = QLabel()
        self.table = QTableWidget(0, 2)
        self.table.setHorizontalHeaderLabels(["Kind of record", "Records"])
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        layout.addWidget(self.heading)
        layout.addWidget(self.warning)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        self.setCentralWidget(central)
        quit_action = QAction("&Quit", self, shortcut=QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        refresh = QAction("&Refresh", self, shortcut=QKeySequence.StandardKey.Refresh)
        refresh.triggered.connect(self.refresh)
        menu = self.menuBar().addMenu("&File")
        menu.addAction(refresh)
        menu.addAction(quit_action)
        self.statusBar().showMessage(f"Database: {workspace.description}")
        self.refresh()

    def refresh(self) -> None:
        ov = self.workspace.overview()
        self.heading.setText("What families and young people told us")
        if ov.total:
            span = f"from {ov.first:%d %B %Y} to {ov.last:%d %B %Y}"
            self.summary.setText(f"{ov.total:,} records {span}.")
        else:
            self.summary.setText("No records yet. Records you capture or import appear here.")
        notes = []
        if ov.demo_passwords:
            notes.append("This is a demo database: its users have the password 'demo'. "
                         "Never enter real people's information here.")
        if self.workspace.backup_made:
            notes.append(f"The database was upgraded; a backup is at {self.workspace.backup_made}.")
        self.warning.setText("\n".join(notes))
        self.warning.setVisible(bool(notes))
        self.table.setRowCount(len(ov.by_kind))
        for row, (kind, n) in enumerate(ov.by_kind.items()):
            self.table.setItem(row, 0, QTableWidgetItem(kind))
            item = QTableWidgetItem(f"{n:,}")
            item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.table.setItem(row, 1, item)
