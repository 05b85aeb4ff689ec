"""Channels: the ways customers reach kefu besides the help center (email first; chat, SMS, WeChat later).

email   inbound mail: parse RFC 5322 messages, turn them into cases, and an SMTP receiver (aiosmtpd)
"""
