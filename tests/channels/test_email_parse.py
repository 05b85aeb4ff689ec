"""parse_email on messages as Chinese and Western mail programs write them (no database)."""

from __future__ import annotations

import base64

import pytest

from kefu.channels.email import parse_email
from kefu.channels.email._quotes import trim_quoted

from .mail import html_mail, plain_mail


def test_parts_and_headers_labelled_gb2312_are_read_as_gb18030() -> None:
    # 镕 is in GBK but not in GB2312: mail programs label such text "gb2312" anyway
    text = "朱镕基路的网点"
    body = base64.b64encode(text.encode("gbk")).decode()
    subject = base64.b64encode("镕".encode("gbk")).decode()
    raw = (
        f"From: a@example.cn\r\nTo: support@wallet.example\r\nSubject: =?gb2312?B?{subject}?=\r\n"
        'Content-Type: text/plain; charset="gb2312"\r\nContent-Transfer-Encoding: base64\r\n\r\n'
        f"{body}\r\n"
    ).encode()
    mail = parse_email(raw)
    assert mail.subject == "镕"
    assert mail.text == text


def test_undeclared_8bit_gbk_body_and_raw_header_still_decode() -> None:
    raw = "From: a@example.cn\r\nSubject: 退款\r\n\r\n我要退款\r\n".encode("gb18030")
    mail = parse_email(raw)
    assert mail.subject == "退款"
    assert mail.text == "我要退款"


def test_headers_and_addresses() -> None:
    raw = plain_mail(
        sender="Tom <tom@example.com>",
        to="support@wallet.example",
        subject="Hello",
        body="Hi",
        headers={
            "Cc": "Ann <ann@example.com>",
            "In-Reply-To": "<a@x>",
            "References": "<a@x> <b@y>",
        },
    )
    mail = parse_email(raw)
    assert mail.sender == "tom@example.com"
    assert mail.recipients == ("support@wallet.example", "ann@example.com")
    assert mail.message_id == "<m1@example.net>"
    assert mail.in_reply_to == "<a@x>" and mail.references == ("<a@x>", "<b@y>")
    assert mail.automatic is None


@pytest.mark.parametrize(
    "quoted",
    [
        "On Tue, 24 Nov 2026 at 09:00, Wallet Support <support@wallet.example> wrote:\n> old text",
        "On Tue, 24 Nov 2026 at 09:00, Wallet Support\n<support@wallet.example> wrote:\n> old text",
        "-----Original Message-----\nFrom: support@wallet.example\nSent: Tuesday\nold text",
        "在 2026年11月24日 09:00，客服 <support@wallet.example> 写道：\n> old text",
        "发件人: 客服 <support@wallet.example>\n发送时间: 2026年11月24日\nold text",
        "From: Wallet Support <support@wallet.example>\nSent: Tuesday\nSubject: Re\nold text",
        "> old text\n> more old text",
    ],
)
def test_quoted_replies_are_trimmed(quoted: str) -> None:
    assert trim_quoted(f"New text here.\nSecond line.\n\n{quoted}") == "New text here.\nSecond line."


def test_a_from_line_in_the_text_itself_is_kept() -> None:
    text = "The charge came\nfrom: a shop I never visited."
    assert trim_quoted(text) == text


def test_a_message_that_is_only_a_quote_is_kept_whole() -> None:
    assert trim_quoted("-----Original Message-----\nold") == "-----Original Message-----\nold"


def test_html_only_mail_drops_markup_and_keeps_lines() -> None:
    mail = parse_email(
        html_mail(
            sender="a@example.com",
            to="support@wallet.example",
            subject="x",
            html="<p>Line one</p><script>alert(1)</script><ul><li>first</li><li>second &amp; last</li></ul>",
        )
    )
    assert mail.text == "Line one\n\n- first\n\n- second & last"


@pytest.mark.parametrize(
    ("header", "reason"),
    [
        ("Auto-Submitted: auto-replied", "auto-submitted"),
        ("Auto-Submitted: auto-generated", "auto-submitted"),
        ("X-Autoreply: yes", "auto-reply"),
        ("X-Autorespond: vacation", "auto-reply"),
        ("Precedence: bulk", "precedence"),
        ("Precedence: list", "precedence"),
        ("Return-Path: <>", "bounce"),
        ("Auto-Submitted: no", None),
        ("Precedence: first-class", None),
    ],
)
def test_robot_mail_is_recognised(header: str, reason: str | None) -> None:
    raw = f"From: a@example.com\r\n{header}\r\nSubject: x\r\n\r\nbody\r\n".encode()
    assert parse_email(raw).automatic == reason


@pytest.mark.parametrize("sender", ["MAILER-DAEMON@mx.example.com", "postmaster@example.com"])
def test_mail_from_the_mail_system_is_a_bounce(sender: str) -> None:
    raw = f"From: {sender}\r\nSubject: failure\r\n\r\nbody\r\n".encode()
    assert parse_email(raw).automatic == "bounce"


def test_attachments_keep_name_type_and_bytes_even_when_nested() -> None:
    png = b"\x89PNG\r\n\x1a\nfake"
    raw = (
        "From: a@example.com\r\nSubject: receipt\r\nMIME-Version: 1.0\r\n"
        'Content-Type: multipart/mixed; boundary="OUT"\r\n\r\n'
        '--OUT\r\nContent-Type: multipart/alternative; boundary="IN"\r\n\r\n'
        "--IN\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nSee the receipt.\r\n"
        "--IN\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>See the receipt.</p>\r\n--IN--\r\n"
        "--OUT\r\nContent-Type: image/png\r\nContent-Disposition: attachment; "
        "filename*=UTF-8''%E6%94%B6%E6%8D%AE.png\r\nContent-Transfer-Encoding: base64\r\n\r\n"
        f"{base64.b64encode(png).decode()}\r\n--OUT--\r\n"
    ).encode()
    mail = parse_email(raw)
    assert mail.text == "See the receipt."
    [attachment] = mail.attachments
    assert (attachment.filename, attachment.content_type, attachment.data) == ("收据.png", "image/png", png)
