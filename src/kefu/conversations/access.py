"""Who may see and act on which conversation: every permission check on chat goes through here.

- A customer sees only their own conversations; a guest only the one conversation their token opened.
  Anyone else's conversation, message or attachment is the same :class:`~kefu.errors.NotFound` as an id
  that was never issued.
- An agent sees the conversations assigned to them (and those they handled), and the waiting ones in the
  languages they serve; supervisors, admins and the system see all.
- Internal notes are for staff only: customers never receive them, whatever they ask for.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from kefu.cases.access import SYSTEM as CASE_SYSTEM
from kefu.cases.access import Viewer
from kefu.conversations.records import Conversation
from kefu.errors import NotFound, PermissionDenied

__all__ = [
    "SYSTEM",
    "Participant",
    "can_view",
    "check_access",
    "check_staff",
    "get_conversation",
    "not_found",
]

STAFF_ROLES = ("agent", "supervisor", "admin")


@dataclass(frozen=True)
class Participant:
    """Someone taking part in conversations: a customer, a guest, a member of staff or the system."""

    role: str
    customer_id: int | None = None
    #: The guest's single conversation.
    conversation_id: int | None = None
    agent_id: int | None = None
    #: The agent's public code (KF1001), what customers see and timelines record.
    agent_code: str | None = None
    display_name: str | None = None
    languages: tuple[str, ...] = ()
    #: The staff member's case team (support, senior, complaints, disputes).
    team: str = "support"

    @classmethod
    def customer(cls, customer_id: int) -> Participant:
        return cls(role="customer", customer_id=customer_id)

    @classmethod
    def guest(cls, conversation_id: int) -> Participant:
        return cls(role="guest", conversation_id=conversation_id)

    @classmethod
    def staff(
        cls,
        agent_id: int,
        code: str,
        *,
        role: str = "agent",
        name: str | None = None,
        languages: tuple[str, ...] = ("zh-CN",),
        team: str = "support",
    ) -> Participant:
        return cls(
            role=role,
            agent_id=agent_id,
            agent_code=code,
            display_name=name or code,
            languages=languages,
            team=team,
        )

    @property
    def is_staff(self) -> bool:
        return self.role in STAFF_ROLES

    @property
    def sees_everything(self) -> bool:
        return self.role in ("supervisor", "admin", "system")

    @property
    def viewer(self) -> Viewer:
        """The same party as it acts on cases."""
        if self.role == "customer" and self.customer_id is not None:
            return Viewer.customer(self.customer_id)
        if self.is_staff:
            return Viewer.agent(self.agent_code or "", self.team, role=self.role)
        if self.role == "system":
            return CASE_SYSTEM
        raise PermissionDenied(
            "Sign in to the wallet app first: cases belong to an account.",
            "请先登录钱包 App：案件需要关联到账户。",
            code="sign_in_required",
        )

    @property
    def sender(self) -> str:
        """How messages from this participant are marked: customer, agent or system."""
        if self.role in ("customer", "guest"):
            return "customer"
        return "system" if self.role == "system" else "agent"


SYSTEM = Participant(role="system")


def can_view(participant: Participant, conversation: Conversation) -> bool:
    if participant.sees_everything:
        return True
    if participant.role == "customer":
        return conversation.customer_id is not None and conversation.customer_id == participant.customer_id
    if participant.role == "guest":
        return conversation.customer_id is None and conversation.id == participant.conversation_id
    if participant.role == "agent":
        if conversation.agent_id is not None and conversation.agent_id == participant.agent_id:
            return True
        return conversation.status == "queued" and conversation.queue_locale in participant.languages
    return False


def not_found(conversation_id: object) -> NotFound:
    return NotFound(
        f"There is no conversation {conversation_id} that you can open.",
        f"找不到您可以查看的会话 {conversation_id}。",
        code="conversation_not_found",
    )


def check_access(participant: Participant, conversation: Conversation) -> Conversation:
    if not can_view(participant, conversation):
        raise not_found(conversation.id)
    return conversation


def get_conversation(session: Session, conversation_id: int, participant: Participant) -> Conversation:
    """The conversation if ``participant`` may see it; NotFound alike for foreign and missing ids."""
    conversation = session.get(Conversation, conversation_id)
    if conversation is None:
        raise not_found(conversation_id)
    return check_access(participant, conversation)


def check_staff(participant: Participant, what_en: str, what_zh: str) -> None:
    if not participant.is_staff and participant.role != "system":
        raise PermissionDenied(f"Only support staff can {what_en}.", f"只有客服人员可以{what_zh}。")
