"""A case's statuses and the moves between them, as data, checked in one place (:func:`check_move`).

    Received ──start_work──▶ In progress ──resolve──▶ Resolved ──close / 30 days──▶ Closed
        │                      ▲    │                    │
        └──ask_customer──▶ Waiting for you ◀──ask──┘     └─reopen / escalate─▶ In progress
                               │
                               └── 7 days without an answer ──▶ Closed

Each row of :data:`MOVES` says which verb takes a case from which status to which, and which party
(customer, agent, system) may do it. Asking for a move that has no row is a
:class:`~kefu.errors.Conflict` whose message lists what the party can do instead; a row that exists for
another party only is :class:`~kefu.errors.PermissionDenied`. Rules about time (7, 30 days) and about the
kind of case live with the verbs.
"""

from __future__ import annotations

from dataclasses import dataclass

from kefu.errors import Conflict, PermissionDenied

__all__ = ["MOVES", "OPEN_STATUSES", "STATUSES", "Move", "check_move", "status_name", "verb_name"]

STATUSES: tuple[str, ...] = ("received", "in_progress", "waiting", "resolved", "closed")
#: Statuses in which the response clock can run out (waiting pauses it).
OPEN_STATUSES: tuple[str, ...] = ("received", "in_progress")

_STATUS_NAMES = {
    "received": ("Received", "已受理"),
    "in_progress": ("In progress", "处理中"),
    "waiting": ("Waiting for you", "待您补充"),
    "resolved": ("Resolved", "已解决"),
    "closed": ("Closed", "已关闭"),
}

_VERB_NAMES = {
    "start_work": ("start work on it", "开始处理"),
    "ask_customer": ("ask the customer for information", "请客户补充信息"),
    "add_information": ("add information", "补充信息"),
    "reply": ("reply", "回复"),
    "resolve": ("give the answer", "给出答复"),
    "final_response": ("send the final response", "发送最终答复"),
    "reopen": ("reopen it (Still have a problem)", "重新开启（仍有问题）"),
    "escalate": ("ask for a senior review (Not resolved – escalate)", "申请高级复核（未解决，申请升级）"),
    "close": ("close it", "关闭案件"),
    "auto_close": ("close it automatically", "自动关闭"),
}

C, A, S = "customer", "agent", "system"


@dataclass(frozen=True)
class Move:
    verb: str
    source: str
    target: str
    parties: frozenset[str]


def _moves(verb: str, sources: tuple[str, ...], target: str, *parties: str) -> list[Move]:
    return [Move(verb, source, target, frozenset(parties)) for source in sources]


#: Every move the help-center articles allow (a verb whose source and target are equal keeps the status).
MOVES: tuple[Move, ...] = (
    *_moves("start_work", ("received",), "in_progress", A),
    *_moves("ask_customer", ("received", "in_progress"), "waiting", A),
    *_moves("add_information", ("waiting", "in_progress"), "in_progress", C, A),
    *_moves("add_information", ("received",), "received", C, A),  # a detail added before work starts
    *_moves("reply", ("received", "in_progress"), "in_progress", A),
    *_moves("resolve", ("received", "in_progress"), "resolved", A),
    *_moves("final_response", ("received", "in_progress"), "resolved", A),
    *_moves("reopen", ("resolved",), "in_progress", C, A),
    *_moves("escalate", ("received", "in_progress", "resolved"), "in_progress", C, A),
    *_moves("close", ("received", "in_progress", "waiting"), "closed", A),
    *_moves("close", ("resolved",), "closed", C, A),
    *_moves("auto_close", ("waiting", "resolved"), "closed", S),
)

_BY_KEY = {(move.verb, move.source): move for move in MOVES}


def check_move(number: str, status: str, verb: str, party: str) -> str:
    """The status ``verb`` leads to from ``status`` when ``party`` does it, or the error saying why not."""
    move = _BY_KEY.get((verb, status))
    if move is None:
        raise _impossible(number, status, verb, party)
    if party not in move.parties:
        en, zh = _VERB_NAMES[verb]
        raise PermissionDenied(
            f"You can't {en} on case {number}; only {' or '.join(sorted(move.parties))} can.",
            f"你不能对案件 {number} 执行“{zh}”。",
        )
    return move.target


def status_name(status: str, locale: str) -> str:
    en, zh = _STATUS_NAMES[status]
    return zh if locale == "zh-CN" else en


def verb_name(verb: str, locale: str) -> str:
    en, zh = _VERB_NAMES[verb]
    return zh if locale == "zh-CN" else en


def _impossible(number: str, status: str, verb: str, party: str) -> Conflict:
    options = [m.verb for m in MOVES if m.source == status and party in m.parties and m.verb != "auto_close"]
    verb_en, verb_zh = _VERB_NAMES[verb]
    status_en, status_zh = _STATUS_NAMES[status]
    if options:
        instead_en = "You can " + "; or ".join(_VERB_NAMES[v][0] for v in dict.fromkeys(options)) + "."
        instead_zh = "你可以：" + "；".join(_VERB_NAMES[v][1] for v in dict.fromkeys(options)) + "。"
    elif status == "closed":
        instead_en = f"It is finished: open a new case and quote {number} so the history is not lost."
        instead_zh = f"案件已结束：请新建案件并注明原编号 {number}，以免丢失之前的记录。"
    else:
        instead_en = "Nothing is needed from you right now."
        instead_zh = "目前无需你操作。"
    return Conflict(
        f"Case {number} is {status_en}, so you can't {verb_en}. {instead_en}",
        f"案件 {number} 当前状态为“{status_zh}”，不能{verb_zh}。{instead_zh}",
        code="case_state",
    )
