"""A new article pair (not in the starter help center) for tests that change the knowledge base."""

PARKING_EN = """---
title: "Pay the parking meter with the wallet"
locale: en
category: payments
tags: [parking, meter]
translation_key: parking-meter
---

Scan the code on the parking meter, pick how long you stay, and confirm the payment in the wallet. The meter
shows the paid time at once, and the receipt is under Me, then Bills, for every parking session you paid.
"""

PARKING_ZH = """---
title: "用钱包支付停车咪表费用"
locale: zh-CN
category: payments
tags: [停车, 咪表]
translation_key: parking-meter
---

扫描停车咪表上的二维码，选择停车时长，然后在钱包中确认付款。咪表会立即显示已付时间，每次停车的收据都可以在“我的”里的“账单”中找到，方便您日后查询和报销使用。
"""
