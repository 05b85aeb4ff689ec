"""What the assistant may use inside a conversation: the live help center and the customer's own cases.

:class:`ConversationTools` implements :class:`kefu.assistant.Tools` over one help-center snapshot and one
database session. Searches are recorded in the analytics log under the conversation's channel, like every
other search a customer makes; a case number is looked up as the customer (someone else's case is simply
not found); links to articles are built by the caller (the web layer owns URLs).
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.orm import Session

from kefu.analytics.recorder import Recorder
from kefu.assistant import CaseStatus
from kefu.cases import Viewer, case_by_number
from kefu.cases.deadlines import calendar
from kefu.errors import KefuError
from kefu.helpcenter.categories import CategoryInfo, category_info
from kefu.helpcenter.live import Snapshot
from kefu.helpcenter.searching import search_help
from kefu.kb.model import Article
from kefu.search.results import SearchResponse

__all__ = ["ConversationTools"]


class ConversationTools:
    def __init__(
        self,
        snapshot: Snapshot,
        session: Session,
        *,
        customer_id: int | None,
        link: Callable[[str, str], str],
        recorder: Recorder | None = None,
        channel: str = "chat",
    ) -> None:
        self.snapshot = snapshot
        self.session = session
        self.customer_id = customer_id
        self.link = link
        self.recorder = recorder
        self.channel = channel

    def search(self, query: str, locale: str | None) -> SearchResponse:
        if self.recorder is None:
            return self.snapshot.search(query[:500], locale, 5)
        return search_help(
            self.snapshot, self.recorder, query[:500], locale, limit=5, channel=self.channel
        ).response

    def article(self, slug: str, locale: str) -> Article | None:
        return self.snapshot.catalog.get(slug, locale)

    def articles_in_category(self, category: str, locale: str) -> list[Article]:
        return self.snapshot.catalog.in_category(category, locale)

    def categories(self, locale: str) -> list[CategoryInfo]:
        return [category_info(key, locale) for key in self.snapshot.catalog.categories(locale)]

    def article_link(self, slug: str, locale: str) -> str:
        return self.link(slug, locale)

    def case_status(self, number: str) -> CaseStatus | None:
        if self.customer_id is None:
            return None
        try:
            case = case_by_number(self.session, number, Viewer.customer(self.customer_id))
        except KefuError:
            return None
        return CaseStatus(
            number=case.number,
            kind=case.kind,
            status=case.status,
            due_date=calendar().local_date(case.due_at) if case.due_at else None,
        )
