"""Notifications: messages to customers about their cases, through an outbox so none is lost while a
sender is down.

records   Notification (table ``notification``): one row per message, pending → sent | failed
outbox    enqueue (idempotent on the key), deliver_due (the scheduler job: send, retry with backoff)
senders   Sender, OutgoingMessage, DeliveryError; LogSender, SmtpSender, HttpSmsSender
messages  case_messages: the bilingual texts for created / status / deadline / final response
"""

from __future__ import annotations

from kefu.notifications.messages import KINDS, case_messages, message_key
from kefu.notifications.outbox import MAX_ATTEMPTS, DeliveryReport, backoff, deliver_due, enqueue
from kefu.notifications.records import Notification
from kefu.notifications.senders import (
    DeliveryError,
    HttpSmsSender,
    LogSender,
    OutgoingMessage,
    Sender,
    SmtpSender,
)

__all__ = [
    "KINDS",
    "MAX_ATTEMPTS",
    "DeliveryError",
    "DeliveryReport",
    "HttpSmsSender",
    "LogSender",
    "Notification",
    "OutgoingMessage",
    "Sender",
    "SmtpSender",
    "backoff",
    "case_messages",
    "deliver_due",
    "enqueue",
    "message_key",
]
