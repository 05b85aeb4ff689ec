"""The domain error tree. Every error kefu raises on purpose is one of these.

    KefuError                 base; carries a code and a bilingual message (zh-CN + en)
    ├── NotFound              the thing asked for does not exist (or is not yours to see)
    ├── PermissionDenied      you are known but may not do this
    ├── Conflict              the request clashes with the current state
    ├── InvalidInput          the input is malformed; ``problems`` lists what is wrong
    │   └── ArticleError      a knowledge-base file cannot be used (bad front matter, empty body, ...)
    ├── RateLimited           too many attempts or requests; ``retry_after`` says when to try again
    └── Unavailable           kefu cannot answer right now (still starting, a dependency is down); try later

The web and CLI layers turn these into HTTP responses or terminal messages in one place each; a domain
never formats an error for a particular channel.
"""

from __future__ import annotations

__all__ = [
    "ArticleError",
    "Conflict",
    "InvalidInput",
    "KefuError",
    "NotFound",
    "PermissionDenied",
    "RateLimited",
    "Unavailable",
]


class KefuError(Exception):
    """Base of kefu's domain errors: a stable ``code`` and a message in both languages."""

    code = "error"

    def __init__(self, message_en: str, message_zh: str | None = None, *, code: str | None = None) -> None:
        super().__init__(message_en)
        self.message_en = message_en
        self.message_zh = message_zh or message_en
        if code:
            self.code = code

    def messages(self) -> dict[str, str]:
        return {"en": self.message_en, "zh-CN": self.message_zh}

    def __str__(self) -> str:
        if self.message_zh and self.message_zh != self.message_en:
            return f"{self.message_zh} / {self.message_en}"
        return self.message_en


class NotFound(KefuError):
    code = "not_found"


class PermissionDenied(KefuError):
    code = "permission_denied"


class Conflict(KefuError):
    code = "conflict"


class InvalidInput(KefuError):
    code = "invalid_input"

    def __init__(
        self,
        message_en: str,
        message_zh: str | None = None,
        *,
        code: str | None = None,
        problems: list[str] | None = None,
    ) -> None:
        super().__init__(message_en, message_zh, code=code)
        self.problems = problems or []


class ArticleError(InvalidInput):
    """A knowledge-base file that cannot be used; ``path`` says which."""

    code = "invalid_article"

    def __init__(self, path: str, message_en: str, message_zh: str | None = None) -> None:
        super().__init__(message_en, message_zh)
        self.path = path


class RateLimited(KefuError):
    """Too many attempts (sign-ins, codes, sends); try again after ``retry_after`` seconds."""

    code = "rate_limited"

    def __init__(
        self, message_en: str, message_zh: str | None = None, *, retry_after: int, code: str | None = None
    ) -> None:
        super().__init__(message_en, message_zh, code=code)
        self.retry_after = max(1, int(retry_after))


class Unavailable(KefuError):
    code = "unavailable"
