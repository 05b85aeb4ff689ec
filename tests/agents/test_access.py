"""An agent acts on cases as a Viewer (agent:<code>, team, role); roles are checked in one place."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from sqlalchemy.orm import Session

from kefu.agents.access import actor, require_role, viewer_for
from kefu.cases import Viewer
from kefu.errors import PermissionDenied

from .people import make_agent


def test_viewer_for_an_agent(session: Session) -> None:
    agent = make_agent(session, "wangfang", team="complaints")
    viewer = viewer_for(agent)
    assert viewer == Viewer.agent("KF1001", "complaints", role="agent")
    assert viewer.actor == actor(agent) == "agent:KF1001"
    assert viewer.party == "agent"


def test_a_supervisor_is_a_supervisor_viewer(session: Session) -> None:
    agent = make_agent(session, "zhangwei", role="supervisor")
    assert viewer_for(agent).role == "supervisor"


@dataclass
class Someone:
    role: str


def test_require_role() -> None:
    require_role(Someone("admin"), "admin")
    require_role(Someone("supervisor"), "supervisor", "admin")
    with pytest.raises(PermissionDenied) as refused:
        require_role(Someone("agent"), "supervisor", "admin")
    assert refused.value.code == "role_required"
    assert "supervisor or admin" in refused.value.message_en
    assert "主管或管理员" in refused.value.message_zh
