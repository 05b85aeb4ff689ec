"""``/customers``: the wallet backend keeps kefu's copy of its customers current.

PUT /customers/{external_id}   create or update one customer (phone, email, name, locale, region, the last
                               4 ID characters — stored only as a salted hash); fields left out are kept

Authorised by ``Authorization: Bearer <KEFU_BACKEND_TOKEN>``; unset turns the API off (503). The answer
never echoes the ID characters back, only whether they are on file.
"""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import APIRouter, Depends
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, Field

from kefu.errors import PermissionDenied, Unavailable
from kefu.identity.customers import upsert_customer
from kefu.web.services import DbSession, ServicesDep

__all__ = ["router"]

router = APIRouter(tags=["customers"])

_bearer = HTTPBearer(auto_error=False, description="The server's KEFU_BACKEND_TOKEN")


class CustomerIn(BaseModel):
    phone: str | None = Field(default=None, max_length=32, examples=["+86 138 0000 0000"])
    email: str | None = Field(default=None, max_length=320)
    name: str | None = Field(default=None, max_length=200)
    locale: str | None = Field(default=None, examples=["zh-CN", "en"])
    region: str | None = Field(default=None, max_length=2, examples=["CN"])
    id_last4: str | None = Field(default=None, max_length=8, description="last 4 ID characters (hashed)")


class CustomerOut(BaseModel):
    external_id: str
    phone: str | None
    email: str | None
    name: str | None
    locale: str
    region: str
    id_last4_on_file: bool


def require_backend(
    svc: ServicesDep, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]
) -> None:
    expected = svc.settings.backend_token
    if not expected:
        raise Unavailable(
            "The customer API is off on this server (KEFU_BACKEND_TOKEN is not set).",
            "本服务器未开启客户接口（未设置 KEFU_BACKEND_TOKEN）。",
            code="backend_not_configured",
        )
    given = credentials.credentials if credentials is not None else ""
    if not secrets.compare_digest(given.encode(), expected.encode()):
        raise PermissionDenied(
            "Send the backend token: Authorization: Bearer <KEFU_BACKEND_TOKEN>.",
            "请发送后台令牌：Authorization: Bearer <KEFU_BACKEND_TOKEN>。",
            code="backend_token_required",
        )


@router.put(
    "/customers/{external_id}",
    response_model=CustomerOut,
    summary="Create or update a customer (wallet backend)",
    dependencies=[Depends(require_backend)],
)
def put_customer(external_id: str, body: CustomerIn, session: DbSession) -> CustomerOut:
    customer = upsert_customer(session, external_id=external_id, **body.model_dump())
    return CustomerOut(
        external_id=customer.external_id,
        phone=customer.phone,
        email=customer.email,
        name=customer.name,
        locale=customer.locale,
        region=customer.region,
        id_last4_on_file=customer.id_last4_hash is not None,
    )
