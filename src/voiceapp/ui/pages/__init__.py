"""The pages of the main window, in sidebar order (the order the product brief gives).

Each page is a QWidget subclass `Page(ctx: UiContext, parent=None)` in its own module, with
optional `refresh()` (F5) and `navigate_to(**kwargs)` (drill-down from another page). A page
whose module is not there yet shows a clear "coming in this release" panel instead."""

from __future__ import annotations

from dataclasses import dataclass

from voiceapp.services.permissions import Permission


@dataclass(frozen=True)
class PageSpec:
    key: str
    title: str
    module: str  # voiceapp.ui.pages.<module>
    cls: str
    icon: str  # a QStyle standard icon name
    permission: Permission | None = None  # pages a role cannot use are hidden
    summary: str = ""


PAGES: tuple[PageSpec, ...] = (
    PageSpec("feedback", "Feedback", "feedback", "FeedbackPage", "SP_FileDialogDetailedView",
             Permission.VIEW_CASE_TEXT, "Capture, browse and review what people told us."),
    PageSpec("complaints", "Complaints", "complaints", "ComplaintsPage", "SP_MessageBoxWarning",
             Permission.MANAGE_COMPLAINTS, "Statutory stages, working-day clocks, outcomes."),
    PageSpec("yswd", "You Said We Did", "yswd", "YswdPage", "SP_DialogApplyButton",
             Permission.MANAGE_ACTIONS, "Actions, status history and telling people back."),
    PageSpec("trends", "Trends", "trends", "TrendsPage", "SP_ArrowUp",
             Permission.VIEW_AGGREGATES, "Theme and sentiment trends, emerging themes."),
    PageSpec("reports", "Reports", "reports", "ReportsPage", "SP_FileIcon",
             Permission.RUN_REPORTS, "The quarterly engagement report for boards."),
    PageSpec("safeguarding", "Safeguarding", "safeguarding", "SafeguardingPage",
             "SP_MessageBoxCritical", Permission.VIEW_CASE_TEXT,
             "Flagged records awaiting a manager's decision."),
    PageSpec("codebook", "Codebook", "codebook", "CodebookPage", "SP_DirIcon",
             Permission.VIEW_AGGREGATES, "The themes, with counts; edit, merge, retire."),
    PageSpec("settings", "Settings", "settings", "SettingsPage", "SP_FileDialogListView",
             None, "Users, reference lists, retention and backups."),
    # Last, and only for the roles that may see it (managers and administrators).
    PageSpec("audit", "Audit trail", "audit", "AuditPage", "SP_FileDialogInfoView",
             Permission.VIEW_AUDIT, "Who saw and changed what."),
)
