"""Choosing what the visit is for: the service groups and services (`visit`), a service that does
not simply queue (`route`: online, front desk, not eligible, closed) and the documents to bring
before the ticket (`documents`). Views of the visit model (`kiosk.flow`)."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QBoxLayout, QFrame, QGridLayout, QHBoxLayout, QLabel, QPushButton, QSizePolicy, QStackedWidget, QVBoxLayout,
    QWidget,
)

from kiosk.domain.catalog import pick, tr
from kiosk.domain.classification import Route
from kiosk.ui.kiosk.base import CENTER, Screen
from kiosk.ui.kiosk.screens import status_line, wait_text
from kiosk.ui.kiosk.widgets import button, label, qr_pixmap, restyle, set_direction, set_tone, wrap_button

# Group icons: glyphs of the bundled font, by the names the configuration uses.
ICONS = {"info": "ℹ", "claim": "☂", "complaint": "✉", "payment": "Rp", "data": "✎", "health": "✚",
         "question": "?", "": "●"}
MAX_TILE_PX = 440
LONG_TEXT = 120          # characters: a route's reason this long is set smaller


class _TileBase(QPushButton):
    """A large touch tile whose wrapped labels decide its size."""

    def __init__(self, parent: QWidget, name: str, min_height: int = 110):
        super().__init__(parent)
        self.setObjectName(name)
        self.setProperty("role", "tile")
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumHeight(min_height)
        self.setMaximumHeight(MAX_TILE_PX)

    def _label(self, name: str) -> QLabel:
        w = QLabel(self)
        w.setObjectName(name)
        w.setWordWrap(True)
        w.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        w.setTextFormat(Qt.TextFormat.PlainText)
        return w

    def sizeHint(self):  # noqa: N802 - Qt API: the wrapped labels decide
        return self.layout().sizeHint()

    def minimumSizeHint(self):  # noqa: N802 - Qt API
        return self.layout().minimumSize()


class ServiceTile(_TileBase):
    def __init__(self, parent: QWidget, code: str):
        super().__init__(parent, f"service_{code}")
        box = QVBoxLayout(self)
        box.setContentsMargins(18, 10, 18, 10)
        box.setSpacing(4)
        self.name = self._label("tileName")
        self.detail = self._label("tileDetail")
        box.addWidget(self.name)
        box.addWidget(self.detail)
        box.addStretch(1)

    def show_option(self, option, lang: str, quota_full: bool, priority: bool, held=None) -> None:
        route = Route(option.route)
        if self.property("route") != route.value:
            self.setProperty("route", route.value)
            for w in (self, self.name, self.detail):
                restyle(w)
        self.name.setText(pick(lang, option.name_id, option.name_en))
        if held is not None:
            detail = tr("visit.held", lang, number=held.number)
        elif route is Route.QUEUE:
            wait = wait_text(option.estimated_wait_min, lang)
            if option.waiting == 0:
                detail = tr("visit.queue.none", lang)
            elif wait:
                detail = tr("visit.queue", lang, waiting=option.waiting, wait=wait)
            else:
                detail = tr("visit.queue.nowait", lang, waiting=option.waiting)
            if priority:
                detail = f"★ {tr('visit.priority', lang)} · {detail}"
        elif route is Route.ONLINE:
            detail = tr("visit.online", lang) + (f": {option.online.name}" if option.online else "")
        elif route is Route.FRONT_DESK:
            detail = tr("visit.front_desk", lang)
        elif route is Route.CLOSED:
            detail = tr("visit.quota", lang) if quota_full else tr("visit.closed", lang)
        else:
            detail = tr("visit.not_eligible", lang)
        self.detail.setText(detail)
        self.setAccessibleName(tr("a11y.service", lang, name=self.name.text(), detail=detail))


class GroupTile(_TileBase):
    """A service group: its icon, name and one line (objectName `group_<code>`)."""

    def __init__(self, parent: QWidget, code: str, icon: str):
        super().__init__(parent, f"group_{code}", min_height=120)
        self.code = code
        row = QHBoxLayout(self)
        row.setContentsMargins(22, 10, 22, 10)
        row.setSpacing(20)
        self.icon = self._label("groupIcon")
        self.icon.setWordWrap(False)
        self.icon.setText(ICONS.get(icon, ICONS[""]))
        self.icon.setAlignment(CENTER)
        texts = QVBoxLayout()
        texts.setSpacing(4)
        self.name = self._label("groupName")
        self.detail = self._label("groupDetail")
        texts.addStretch(1)
        texts.addWidget(self.name)
        texts.addWidget(self.detail)
        texts.addStretch(1)
        row.addWidget(self.icon)
        row.addLayout(texts, 1)

    def show_group(self, group, lang: str, count: int) -> None:
        self.name.setText(pick(lang, group.name_id, group.name_en))
        line = pick(lang, group.description_id, group.description_en) if group.description_id else ""
        self.detail.setText(line or tr("visit.group.services", lang, n=count))
        self.setAccessibleName(f"{self.name.text()}. {self.detail.text()}")


class VisitScreen(Screen):
    """The branch's service groups first, then the services of the chosen group. A group with
    one service goes straight to it; heirs see the heir services at once."""

    name = "visit"
    title_key = "visit.title"

    def __init__(self, kiosk):
        super().__init__(kiosk)
        box = QVBoxLayout(self)
        box.setContentsMargins(32, 16, 32, 16)
        box.setSpacing(12)
        self.title = label(self, "visitTitle", "title", align=CENTER)
        self.status = label(self, "visitStatus", "body", align=CENTER)
        # two pages, so that going from the groups to the services is one switch, not a re-layout
        self.pages = QStackedWidget(self)
        self.group_page, self.service_page = QWidget(self.pages), QWidget(self.pages)
        self.group_grid = QGridLayout(self.group_page)
        self.grid = QGridLayout(self.service_page)
        for grid, page in ((self.group_grid, self.group_page), (self.grid, self.service_page)):
            grid.setSpacing(14)
            grid.setContentsMargins(0, 0, 0, 0)
            self.pages.addWidget(page)
        self.tiles: dict[str, ServiceTile] = {}
        self.group_tiles: dict[str, GroupTile] = {}
        self.back = button(self, "visitBack", "secondary")
        self.back.clicked.connect(kiosk.flow.services_back)
        box.addWidget(self.title)
        box.addWidget(self.status)
        box.addWidget(self.pages, 10)
        row = QHBoxLayout()
        row.addWidget(self.back)
        row.addStretch(1)
        box.addLayout(row)
        self._placed: dict[int, tuple] = {}

    @property
    def group(self) -> str | None:
        """The chosen group (None: the groups are shown, or there are none)."""
        return self.flow.group

    @property
    def showing_groups(self) -> bool:
        return self.flow.showing_groups

    # -- drawing
    def refresh(self) -> None:
        lang, flow = self.lang, self.flow
        options, groups = flow.options(), flow.groups()
        group = flow.group if any(g.code == flow.group for g in groups) else None
        self.back.setText(tr("back", lang))
        self.status.setText(status_line(self.kiosk, lang))
        for o in options:
            if o.service not in self.tiles:
                tile = ServiceTile(self.service_page, o.service)
                tile.clicked.connect(lambda _=False, c=o.service: flow.choose_service(c))
                tile.hide()
                self.tiles[o.service] = tile
        for g in groups:
            if g.code not in self.group_tiles:
                tile = GroupTile(self.group_page, g.code, g.icon)
                tile.clicked.connect(lambda _=False, c=g.code: flow.choose_group(c))
                tile.hide()
                self.group_tiles[g.code] = tile
        held = flow.visit.held
        for o in options:                   # every tile is drawn, shown or not (a group away)
            priority = o.priority or bool(flow.visit.priority_reason)
            self.tiles[o.service].show_option(o, lang, o.reason_code == "quota_full", priority, held.get(o.service))
        if groups and group is None:
            self.title.setText(tr("visit.groups.title", lang))
            for g in groups:
                self.group_tiles[g.code].show_group(g, lang, len(flow.in_group(g.code)))
            shown = [self.group_tiles[g.code] for g in groups]
            self._place(self.group_grid, shown, 1 if self.portrait else min(3, len(shown)))
            self.pages.setCurrentWidget(self.group_page)
        else:
            self.title.setText(tr("visit.title", lang))
            members = flow.in_group(group)
            shown = [self.tiles[o.service] for o in members]
            self._place(self.grid, shown, 2 if self.portrait else (3 if len(shown) > 4 else 2))
            self.pages.setCurrentWidget(self.service_page)

    def _place(self, grid: QGridLayout, shown: list, columns: int) -> None:
        key = (tuple(id(t) for t in shown), columns)
        if key == self._placed.get(id(grid)):
            return
        self._placed[id(grid)] = key
        while grid.count():
            item = grid.takeAt(0)
            if item.widget() is not None:
                item.widget().hide()
        for i, tile in enumerate(shown):
            grid.addWidget(tile, i // columns, i % columns)
            tile.show()
        for c in range(4):
            grid.setColumnStretch(c, 1 if c < columns else 0)
        rows = max(1, -(-len(shown) // columns))
        for r in range(8):
            grid.setRowStretch(r, 1 if r < rows else 0)
        # tiles stay their own height at most; what is left stays below them
        grid.setRowStretch(rows, 0)

    def set_portrait(self, portrait: bool) -> None:
        changed = portrait != self.portrait
        super().set_portrait(portrait)
        if changed:
            self._placed = {}
            self.refresh()

    def spoken(self) -> str:
        line = self.status.text()
        ask = tr("speak.groups" if self.showing_groups else "speak.visit", self.lang)
        return f"{line}. {ask}" if line else ask


ROUTE_TITLES = {
    Route.ONLINE: "route.online.title",
    Route.FRONT_DESK: "route.front_desk.title",
    Route.NOT_ELIGIBLE: "route.not_eligible.title",
    Route.CLOSED: "route.closed.title",
}


class RouteScreen(Screen):
    """A service that does not simply queue: online, front desk, not eligible, closed."""

    name = "route"
    flows = ("body",)

    def __init__(self, kiosk):
        super().__init__(kiosk)
        box = QVBoxLayout(self)
        box.setContentsMargins(56, 20, 56, 20)
        box.setSpacing(14)
        self.title = label(self, "routeTitle", "title", align=CENTER)
        self.service = label(self, "routeService", "big", align=CENTER)
        self.body = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.body.setSpacing(32)
        texts = QVBoxLayout()
        self.text = label(self, "routeText", "big")
        self.channel = label(self, "routeChannel", "body")
        self.recorded = label(self, "routeRecorded", "body")
        texts.addWidget(self.text)
        texts.addWidget(self.channel)
        texts.addWidget(self.recorded)
        texts.addStretch(1)
        self.body.addLayout(texts, 3)
        self.qr = QLabel(self)
        self.qr.setObjectName("routeQr")
        self.qr.setAlignment(CENTER)
        self.body.addWidget(self.qr, 2)
        self.suggest = wrap_button(self, "routeSuggest", "go")
        self.suggest.clicked.connect(kiosk.flow.take_suggested)
        self.queue_anyway = wrap_button(self, "queueAnyway", "go")
        self.queue_anyway.clicked.connect(kiosk.flow.queue_anyway)
        self.assisted_issue = wrap_button(self, "routeAssistIssue", "go")
        self.assisted_issue.clicked.connect(kiosk.flow.queue_anyway)
        self.record = wrap_button(self, "frontDeskRecord", "go")
        self.record.clicked.connect(lambda: kiosk.flow.desk.record_front_desk())     # the visit's own service
        # landscape: one row [Kembali][Selesai][actions…]; portrait: the actions stacked above
        self.actions = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.actions.setSpacing(16)
        for w in (self.suggest, self.queue_anyway, self.assisted_issue, self.record):
            self.actions.addWidget(w)
        nav = QHBoxLayout()
        nav.setSpacing(16)
        self.back = wrap_button(self, "routeBack", "secondary")
        self.back.clicked.connect(kiosk.flow.go_back)
        self.done = wrap_button(self, "routeDone", "secondary")
        self.done.clicked.connect(lambda: kiosk.flow.go_welcome())
        nav.addWidget(self.back)
        nav.addWidget(self.done)
        self.bottom = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.bottom.setSpacing(16)
        self.bottom.addLayout(nav, 2)
        self.bottom.addLayout(self.actions, 3)
        box.addWidget(self.title)
        box.addWidget(self.service)
        box.addLayout(self.body, 1)
        box.addLayout(self.bottom)

    def set_portrait(self, portrait: bool) -> None:
        super().set_portrait(portrait)
        set_direction(self.actions, portrait)

    def refresh(self) -> None:
        lang, option = self.lang, self.flow.visit.option
        self.back.setText(tr("back", lang))
        self.done.setText(tr("done", lang))
        self.queue_anyway.setText(f"{tr('route.queue_anyway', lang)}\n{tr('route.queue_anyway.sub', lang)}")
        self.queue_anyway.setAccessibleName(tr("route.queue_anyway", lang))
        self.assisted_issue.setText(tr("route.assisted_issue", lang))
        self.record.setText(tr("route.front_desk.record", lang))
        recorded = self.flow.route_recorded
        self.recorded.setText(pick(lang, *recorded) if recorded else "")
        if option is None:
            return
        route, assisted = Route(option.route), self.flow.assisted
        quota = option.reason_code == "quota_full"
        title_key = "route.quota.title" if quota else ROUTE_TITLES.get(route, "route.closed.title")
        self.title.setText(tr(title_key, lang))
        self.service.setText(pick(lang, option.name_id, option.name_en))
        text = pick(lang, option.reason, option.reason_en)      # says where to go, or when it opens again
        suggested = self.flow.suggested()
        if suggested is not None:         # the service that fits, said on its button
            name = pick(lang, suggested.name_id, suggested.name_en)
            self.suggest.setText(tr("route.suggest.take", lang, service=name))
        if route is Route.NOT_ELIGIBLE and not assisted:
            text = f"{text}\n\n{tr('route.not_eligible.next', lang)}"
        self.text.setText(text)
        channel = option.online if route is Route.ONLINE else None
        if channel is not None and channel.url:
            self.channel.setText(f"{tr('route.online.scan', lang)}\n{channel.name_in(lang)}\n{channel.url}")
            size = 260 if self.height() < 900 or self.portrait else 320
            self.qr.setPixmap(qr_pixmap(channel.url, size))
            self.qr.show()
        else:
            self.channel.setText("")
            self.qr.clear()
            self.qr.hide()
        # Which ticket buttons appear is the domain's refusal rule, asked for each case.
        shown = {
            self.suggest: suggested is not None and suggested.service != option.service,
            self.queue_anyway: option.can_issue(False),
            self.assisted_issue: assisted and option.can_issue(True) and not option.can_issue(False),
            self.record: assisted and not recorded,
        }
        for w, visible in shown.items():
            w.setVisible(visible)
        # two or more actions get a row of their own, above Back and Done
        many = sum(shown.values()) >= 2
        self.bottom.setDirection(QBoxLayout.Direction.BottomToTop if self.portrait or many
                                 else QBoxLayout.Direction.LeftToRight)
        # a long reason is set in the body size so that it fits beside the buttons
        role = "body" if len(text) > (LONG_TEXT if not self.kiosk.roomy else 3 * LONG_TEXT) else "big"
        if self.text.property("role") != role:
            self.text.setProperty("role", role)
            restyle(self.text)

    def spoken(self) -> str:
        return f"{self.title.text()}. {self.text.text()}"


class DocumentsScreen(Screen):
    name = "documents"
    flows = ("choice",)
    title_key = "documents.title"

    def __init__(self, kiosk):
        super().__init__(kiosk)
        flow = kiosk.flow
        box = QVBoxLayout(self)
        box.setContentsMargins(56, 16, 56, 16)
        box.setSpacing(12)
        self.title = label(self, "documentsTitle", "title", align=CENTER)
        self.service = label(self, "documentsService", "big", align=CENTER)
        self.list_frame = QFrame(self)
        self.list_frame.setObjectName("documentsList")
        self.list_box = QGridLayout(self.list_frame)
        self.list_box.setContentsMargins(28, 16, 28, 16)
        self.list_box.setHorizontalSpacing(28)
        self.list_box.setVerticalSpacing(8)
        self.note = label(self, "documentsNote", "big")
        self.confirm = wrap_button(self, "ticketConfirm", "go")
        self.confirm.clicked.connect(lambda: flow.issue_ticket(documents_complete=True))
        self.not_complete = wrap_button(self, "documentsIncomplete", "secondary")
        self.not_complete.clicked.connect(flow.documents_not_complete)
        self.consult = wrap_button(self, "consultationTicket", "go")
        self.consult.clicked.connect(lambda: flow.issue_ticket(documents_complete=False))
        self.later = wrap_button(self, "documentsLater", "secondary")
        self.later.clicked.connect(lambda: flow.go_welcome())
        self.back = wrap_button(self, "documentsBack", "secondary")
        self.back.clicked.connect(flow.documents_back)
        self.choice = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.choice.setSpacing(16)
        for w in (self.back, self.not_complete, self.confirm, self.later, self.consult):
            self.choice.addWidget(w, 1 if w is self.back else 2)
        box.addWidget(self.title)
        box.addWidget(self.service)
        box.addWidget(self.list_frame)
        box.addWidget(self.note)
        box.addStretch(1)
        box.addLayout(self.choice)
        self._items: list[QLabel] = []
        self._docs: tuple = ()

    def _show_documents(self, docs: list[str]) -> None:
        columns = 2 if (not self.portrait and len(docs) > 4) else 1
        key = (tuple(docs), columns)
        if key == self._docs:
            return
        self._docs = key
        for item in self._items:
            self.list_box.removeWidget(item)
            item.hide()
            item.deleteLater()
        self._items = []
        rows = -(-len(docs) // columns)
        for i, doc in enumerate(docs):
            item = label(self.list_frame, "documentItem", "big")
            item.setText(f"☐  {doc}")
            self.list_box.addWidget(item, i % rows, i // rows)
            self._items.append(item)
        for c in range(2):
            self.list_box.setColumnStretch(c, 1 if c < columns else 0)

    def refresh(self) -> None:
        lang, option = self.lang, self.flow.visit.option
        incomplete, issuing = self.flow.documents_incomplete, self.flow.issuing
        self.title.setText(tr("documents.title", lang))
        self.confirm.setText(tr("documents.complete", lang))
        self.not_complete.setText(tr("documents.incomplete", lang))
        self.consult.setText(tr("documents.consult", lang))
        self.later.setText(tr("documents.later", lang))
        self.back.setText(tr("back", lang))
        if option is None:
            return
        self.service.setText(pick(lang, option.name_id, option.name_en))
        docs = list(pick(lang, option.documents, option.documents_en))
        self._show_documents(docs or [tr("documents.none", lang)])
        if issuing:
            self.note.setText(tr("documents.issuing", lang))
            set_tone(self.note, None)
        elif incomplete:
            self.note.setText(tr("documents.incomplete.text", lang))
            set_tone(self.note, "warn")
        elif option.warning:                # said before the ticket: the wait runs past closing time
            self.note.setText(pick(lang, option.warning, option.warning_en))
            set_tone(self.note, "warn")
        else:
            self.note.setText("")
        self.note.setVisible(bool(self.note.text()))
        for w in (self.confirm, self.not_complete):
            w.setVisible(not incomplete)
        for w in (self.consult, self.later):
            w.setVisible(incomplete)
        for w in (self.confirm, self.consult, self.not_complete, self.later, self.back):
            w.setEnabled(not issuing)

    def set_portrait(self, portrait: bool) -> None:
        super().set_portrait(portrait)
        self._docs = ()

    def spoken(self) -> str:
        option = self.flow.visit.option
        docs = ", ".join(option.documents) if option is not None else ""
        return f"{tr('speak.documents', self.lang)} {docs}."
