"""Small article texts for knowledge-base tests, and how to write them as files."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

EN_BODY = """Your payment PIN confirms every payment and transfer. It is not your login password.

**Reset it**

1. Open **Me > Security > Payment PIN**.
2. Tap **Forgot PIN** and scan your face.
3. Enter a new six-digit PIN twice.

**Things to know**

- A new PIN works at once on every device.
- If the face scan fails three times, see "Unlock your account".
"""

ZH_BODY = """支付密码用于确认每一笔付款和转账，它和登录密码不是同一个密码，请分别妥善保管。

**重置方法**

1. 打开**我的 > 安全 > 支付密码**。
2. 点击**忘记密码**并完成刷脸验证。
3. 输入两次新的六位数字密码。

**须知**

- 新密码立即在所有设备上生效。
- 如果刷脸连续三次失败，请参见“解锁账户”。
"""

UNLOCK_EN = """An account locks after five wrong passwords in a row, to keep someone else from guessing.

**Unlock it**

1. Wait thirty minutes, or tap **Unlock now** on the login screen.
2. Verify your identity with a face scan.

If you also forgot the PIN, see "Reset your payment PIN".
"""

UNLOCK_ZH = """连续五次输错登录密码后，账户会被锁定，这是为了防止他人反复猜测您的密码。

**解锁方法**

1. 等待三十分钟，或在登录页点击**立即解锁**。
2. 通过刷脸验证身份后即可重新登录。

如果支付密码也忘了，请参见"重置支付密码"。
"""

TITLES = {
    ("reset-pin", "en"): "Reset your payment PIN",
    ("reset-pin", "zh-CN"): "重置支付密码",
    ("unlock-account", "en"): "Unlock your account",
    ("unlock-account", "zh-CN"): "解锁账户",
}
BODIES = {
    ("reset-pin", "en"): EN_BODY,
    ("reset-pin", "zh-CN"): ZH_BODY,
    ("unlock-account", "en"): UNLOCK_EN,
    ("unlock-account", "zh-CN"): UNLOCK_ZH,
}

WriteArticle = Callable[..., Path]


def front_matter(slug: str, locale: str) -> dict[str, Any]:
    return {
        "title": TITLES.get((slug, locale), f"About {slug}"),
        "locale": locale,
        "category": "security",
        "tags": ["PIN", "password"] if locale == "en" else ["支付密码", "密码"],
        "translation_key": slug,
    }


def article_text(front: dict[str, Any], body: str) -> str:
    yaml_text = yaml.safe_dump(front, allow_unicode=True, sort_keys=False)
    return f"---\n{yaml_text}---\n\n{body}"
