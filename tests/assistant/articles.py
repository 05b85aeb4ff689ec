"""An article pair of the tests' own (not in the starter help center): a shop refund that has not arrived,
so that everyday payment questions have an answer to find next to the starter's support articles."""

REFUND_EN = """---
title: "A refund from a shop has not arrived"
locale: en
category: payments
tags: [refund, refund not received, merchant refund, return, money back]
translation_key: shop-refund
---

When a shop cancels an order or accepts a return, the money goes back the way you paid. How long it takes
depends on where it goes back to.

**Check where the refund is**

1. Open the payment in your transaction history and look for a refund line under it.
2. If the shop says it sent the refund, ask it for the refund date and reference.
3. Wallet balance refunds arrive within minutes; bank card refunds can take 3 to 7 business days.

**Still nothing after 7 business days**

Tap Get help on the payment to open a case with the refund reference, and we will trace it with the bank.
"""

REFUND_ZH = """---
title: "商家退款没有到账"
locale: zh-CN
category: payments
tags: [退款, 退款未到账, 商家退款, 退货, 退钱]
translation_key: shop-refund
---

商家取消订单或同意退货后，退款会按原支付方式退回。到账时间取决于退回到哪里，请耐心等待并按下面的方法查看进度。

**查看退款进度**

1. 在交易记录中打开这笔付款，查看下方是否有退款记录。
2. 如果商家表示已经退款，请向商家索取退款日期和退款单号。
3. 退回钱包余额的退款几分钟内到账；退回银行卡的退款需要3到7个工作日。

**超过7个工作日仍未到账**

在这笔付款中点击获取帮助，填写退款单号提交工单，我们会与银行一起追查这笔退款的去向。
"""

EXTRA = [("shop-refund.en.md", REFUND_EN), ("shop-refund.zh-CN.md", REFUND_ZH)]
