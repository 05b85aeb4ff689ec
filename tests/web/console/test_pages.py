"""The console's pages over HTTP: who may open them (sign-in redirect, 401 JSON, roles), the home page, the
admins' Agents page (role changes and ended sessions, CSRF-checked and audited), timeouts, static files."""

from __future__ import annotations

from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select, update

from kefu.agents.audit import recent
from kefu.agents.records import Agent, AgentSession, AuditEntry
from kefu.agents.sessions import token_hash
from kefu.store import Database, utcnow
from kefu.web.console.strings import STRINGS

from .conftest import MakePerson, NewBrowser, Person, csrf_of, sign_in


def _row(page: str, code: str) -> str:
    """The Agents table row of agent ``code``."""
    return page.split(f'id="agent-{code}"')[1].split("</tr>")[0]


def _audit_count(database: Database) -> int:
    with database.session() as session:
        return int(session.scalar(select(func.count()).select_from(AuditEntry)) or 0)


def test_pages_send_strangers_to_sign_in_and_the_api_answers_401(browser: TestClient) -> None:
    page = browser.get("/console")
    assert (page.status_code, page.headers["location"]) == (303, "/console/sign-in")
    agents = browser.get("/console/agents")
    assert agents.headers["location"] == "/console/sign-in?next=%2Fconsole%2Fagents"
    api = browser.get("/console/api/me")
    assert api.status_code == 401
    error = api.json()["error"]
    assert error["code"] == "sign_in_required"
    assert error["message"]["en"] and error["message"]["zh-CN"]
    assert error["request_id"] == api.headers["x-request-id"]
    browser.cookies.set("kefu_console", "made-up-token", domain="testserver.local", path="/console")
    assert browser.get("/console").status_code == 303


def test_a_post_without_a_session_goes_to_sign_in(browser: TestClient) -> None:
    response = browser.post("/console/sign-out", data={"csrf_token": "x"})
    assert (response.status_code, response.headers["location"]) == (303, "/console/sign-in")


def test_home_shows_who_is_signed_in(browser: TestClient, make_person: MakePerson) -> None:
    person: Person = make_person(team="complaints", name="王芳 Wang Fang")
    sign_in(browser, person.username)
    home = browser.get("/console", headers={"Accept-Language": "en"})
    assert home.status_code == 200
    text = home.text
    assert "Hello, 王芳 Wang Fang" in text
    assert person.code in text and person.username in text
    assert "Complaints" in text and "Agent</span>" in text
    assert 'action="/console/sign-out"' in text
    assert "Chats" in text and "Cases" in text and 'href="/console/cases"' in text
    assert 'href="/console/agents"' not in text  # not an admin
    assert home.headers["cache-control"] == "no-store"
    me = browser.get("/console/api/me").json()
    assert (me["code"], me["team"], me["role"], me["languages"]) == (
        person.code,
        "complaints",
        "agent",
        ["zh-CN", "en"],
    )


def test_the_home_page_in_chinese(browser: TestClient, make_person: MakePerson) -> None:
    person: Person = make_person(role="admin", name="管理员")
    sign_in(browser, person.username)
    text = browser.get("/console").text
    assert "您好，管理员" in text
    assert "坐席管理" in text and 'href="/console/agents"' in text
    assert 'href="/locale/en?next=%2Fconsole"' in text


def test_the_stylesheet_is_served(browser: TestClient) -> None:
    page = browser.get("/console/sign-in")
    assert "/console/static/console.css?v=" in page.text
    css = browser.get("/console/static/console.css")
    assert css.status_code == 200 and ".console-header" in css.text


@pytest.mark.parametrize("role", ["agent", "supervisor"])
def test_only_admins_open_the_agents_page(
    browser: TestClient, make_person: MakePerson, database: Database, role: str
) -> None:
    person: Person = make_person(role=role)
    target: Person = make_person()
    sign_in(browser, person.username)
    page = browser.get("/console/agents")
    assert page.status_code == 403
    assert "只有管理员可以进行此操作" in page.text
    before = _audit_count(database)
    csrf = csrf_of(browser)
    for path, data in (("role", {"role": "admin"}), ("end-sessions", {})):
        response = browser.post(f"/console/agents/{target.code}/{path}", data={**data, "csrf_token": csrf})
        assert response.status_code == 403
    assert _audit_count(database) == before


def test_the_agents_page_lists_accounts_and_activity(browser: TestClient, make_person: MakePerson) -> None:
    admin: Person = make_person(role="admin", name="Ada Admin")
    other: Person = make_person(name="Olga Other")
    sign_in(browser, admin.username)
    page = browser.get("/console/agents", headers={"Accept-Language": "en"})
    assert page.status_code == 200
    assert f'id="agent-{other.code}"' in page.text and "Olga Other" in page.text
    assert "Ada Admin<span" in page.text and "(you)" in page.text
    assert "Recent activity" in page.text and "<code>sign_in</code>" in page.text
    assert page.text.count(f'action="/console/agents/{other.code}/role"') == 1


def test_an_admin_ends_an_agents_sessions(
    new_browser: NewBrowser, make_person: MakePerson, database: Database
) -> None:
    admin: Person = make_person(role="admin")
    agent: Person = make_person()
    boss_ip = "10.2.0.1"
    boss, desk = new_browser(ip=boss_ip), new_browser()
    sign_in(boss, admin.username)
    sign_in(desk, agent.username)
    assert desk.get("/console").status_code == 200
    page = boss.get("/console/agents")
    assert '<td class="num sessions">1</td>' in _row(page.text, agent.code)

    before = _audit_count(database)
    for bad in ({}, {"csrf_token": "wrong"}):
        refused = boss.post(f"/console/agents/{agent.code}/end-sessions", data=bad)
        assert refused.status_code == 403
    assert _audit_count(database) == before
    assert desk.get("/console").status_code == 200  # nothing ended

    done = boss.post(f"/console/agents/{agent.code}/end-sessions", data={"csrf_token": csrf_of(boss)})
    assert (done.status_code, done.headers["location"]) == (303, "/console/agents?done=sessions_ended")
    assert "会话已结束" in boss.get(done.headers["location"]).text
    assert desk.get("/console").status_code == 303  # signed out
    with database.session() as session:
        [entry] = recent(session, action="sessions_ended", subject=agent.username)
        assert (entry.actor, entry.ip, entry.detail) == (f"agent:{admin.code}", boss_ip, {"sessions": 1})


def test_an_admin_changes_a_role_with_the_header_token(
    browser: TestClient, make_person: MakePerson, database: Database
) -> None:
    admin: Person = make_person(role="admin")
    agent: Person = make_person()
    sign_in(browser, admin.username)
    path = f"/console/agents/{agent.code}/role"
    assert browser.post(path, data={"role": "supervisor"}).status_code == 403
    wrong = browser.post(path, data={"role": "supervisor"}, headers={"X-CSRF-Token": "0" * 64})
    assert wrong.status_code == 403
    with database.session() as session:
        assert session.scalars(select(Agent.role).where(Agent.code == agent.code)).one() == "agent"
    changed = browser.post(path, data={"role": "supervisor"}, headers={"X-CSRF-Token": csrf_of(browser)})
    assert (changed.status_code, changed.headers["location"]) == (303, "/console/agents?done=role_changed")
    with database.session() as session:
        assert session.scalars(select(Agent.role).where(Agent.code == agent.code)).one() == "supervisor"
        [entry] = recent(session, action="role_changed", subject=agent.username)
        assert entry.actor == f"agent:{admin.code}"
        assert entry.detail == {"from": "agent", "to": "supervisor"}
    bad = browser.post(path, data={"role": "owner", "csrf_token": csrf_of(browser)})
    assert bad.status_code == 422


def test_the_console_api_checks_csrf_and_answers_json(browser: TestClient, make_person: MakePerson) -> None:
    assert browser.post("/console/api/probe").status_code == 401
    person: Person = make_person()
    sign_in(browser, person.username)
    for headers in ({}, {"X-CSRF-Token": "nope"}):
        refused = browser.post("/console/api/probe", headers=headers)
        assert refused.status_code == 403
        assert refused.json()["error"]["code"] == "csrf_failed"
        assert "该表单已过期" in refused.json()["error"]["message"]["zh-CN"]
    accepted = browser.post("/console/api/probe", headers={"X-CSRF-Token": csrf_of(browser)})
    assert accepted.json() == {"changed": True}


def test_an_idle_session_times_out(browser: TestClient, make_person: MakePerson, database: Database) -> None:
    person: Person = make_person()
    sign_in(browser, person.username)
    token = browser.cookies.get("kefu_console")
    assert token and browser.get("/console").status_code == 200
    with database.session() as session:
        session.execute(
            update(AgentSession)
            .where(AgentSession.token_hash == token_hash(token))
            .values(last_seen_at=utcnow() - timedelta(minutes=31))
        )
    assert browser.get("/console").status_code == 303
    with database.session() as session:
        row = session.scalars(select(AgentSession).where(AgentSession.token_hash == token_hash(token))).one()
        assert row.ended_at is not None  # ended for good, though the request was refused


def test_both_languages_have_the_same_strings() -> None:
    assert STRINGS["zh-CN"].keys() == STRINGS["en"].keys()
