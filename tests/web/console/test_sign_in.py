"""Signing in to the console over HTTP: the form in both languages, cookies, one error for every failure,
throttling, a new session each time, the form's own anti-forgery token, ``next`` (never another site),
signing out."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from kefu.agents.audit import recent
from kefu.agents.records import AgentSession, AuditEntry
from kefu.agents.sessions import token_hash
from kefu.store import Database
from kefu.web.console.signin import safe_next

from .conftest import (
    PASSWORD,
    MakePerson,
    NewBrowser,
    Person,
    csrf_of,
    hidden_fields,
    put_session_cookie,
    sign_in,
)


def test_the_form_follows_the_visitors_language(browser: TestClient) -> None:
    chinese = browser.get("/console/sign-in")
    assert chinese.status_code == 200
    assert '<html lang="zh-CN">' in chinese.text
    assert "登录客服工作台" in chinese.text
    assert 'href="/locale/en?next=%2Fconsole%2Fsign-in"' in chinese.text
    assert chinese.headers["cache-control"] == "no-store"
    assert chinese.headers["x-frame-options"] == "DENY"
    english = browser.get("/console/sign-in", headers={"Accept-Language": "en-GB,en;q=0.9"})
    assert "Sign in to the agent console" in english.text
    browser.cookies.set("kefu_locale", "en")
    assert "Sign in to the agent console" in browser.get("/console/sign-in").text


def test_sign_in_sets_a_private_session_cookie(
    new_browser: NewBrowser, make_person: MakePerson, database: Database
) -> None:
    browser = new_browser(ip="10.3.0.1")
    person: Person = make_person()
    response = sign_in(browser, person.username.upper(), next_path="/console")
    assert response.status_code == 303
    assert response.headers["location"] == "/console"
    cookie = next(h for h in response.headers.get_list("set-cookie") if h.startswith("kefu_console="))
    attributes = {part.strip().split("=")[0].lower() for part in cookie.split(";")}
    assert {"httponly", "path", "samesite"} <= attributes
    assert "Path=/console" in cookie and "SameSite=lax" in cookie
    assert "secure" not in attributes  # plain http in tests
    token = browser.cookies.get("kefu_console")
    assert token and len(token) >= 43
    with database.session() as session:
        row = session.scalars(select(AgentSession).where(AgentSession.token_hash == token_hash(token))).one()
        assert row.ip == "10.3.0.1"
    home = browser.get("/console")
    assert home.status_code == 200
    assert person.display_name in home.text and person.code in home.text


def test_the_cookie_is_secure_over_https(new_browser: NewBrowser, make_person: MakePerson) -> None:
    person: Person = make_person()
    response = sign_in(new_browser("https://testserver"), person.username)
    cookies = response.headers.get_list("set-cookie")
    assert any(c.startswith("kefu_console=") and "Secure" in c for c in cookies)


def test_one_answer_for_unknown_user_and_wrong_password(browser: TestClient, make_person: MakePerson) -> None:
    person: Person = make_person()
    unknown = sign_in(browser, "nobody-at-all")
    wrong = sign_in(browser, person.username, "not the password")
    assert unknown.status_code == wrong.status_code == 403
    message = "用户名或密码不正确，或账号已停用"
    assert message in unknown.text and message in wrong.text
    assert "kefu_console=" not in unknown.headers.get("set-cookie", "")
    assert browser.cookies.get("kefu_console") is None


def test_too_many_failures_answer_429_with_retry_after(browser: TestClient, make_person: MakePerson) -> None:
    person: Person = make_person()
    for _ in range(5):
        assert sign_in(browser, person.username, "wrong guess!").status_code == 403
    locked = sign_in(browser, person.username, PASSWORD)
    assert locked.status_code == 429
    assert 0 < int(locked.headers["retry-after"]) <= 15 * 60
    assert "登录失败次数过多" in locked.text
    assert browser.cookies.get("kefu_console") is None


def test_every_sign_in_makes_a_new_session_and_ends_the_old(
    browser: TestClient, make_person: MakePerson, database: Database
) -> None:
    person: Person = make_person()
    sign_in(browser, person.username)
    first = browser.cookies.get("kefu_console")
    assert first
    assert browser.get("/console/sign-in").status_code == 303  # signed in: no form
    browser.cookies.delete("kefu_console")
    form = hidden_fields(browser.get("/console/sign-in"))  # say, a form left open in another tab
    put_session_cookie(browser, first)
    data = {"username": person.username, "password": PASSWORD, "csrf_token": form["csrf_token"]}
    assert browser.post("/console/sign-in", data=data).status_code == 303
    second = browser.cookies.get("kefu_console")
    assert second and first != second
    with database.session() as session:
        old = session.scalars(select(AgentSession).where(AgentSession.token_hash == token_hash(first))).one()
        assert old.ended_at is not None
    assert browser.get("/console").status_code == 200


def test_the_form_needs_its_own_token(
    browser: TestClient, make_person: MakePerson, database: Database
) -> None:
    person: Person = make_person()
    browser.get("/console/sign-in")
    data = {"username": person.username, "password": PASSWORD, "csrf_token": "forged"}
    forged = browser.post("/console/sign-in", data=data)
    assert forged.status_code == 403
    assert "登录表单已过期" in forged.text
    with database.session() as session:
        assert not recent(session, subject=person.username, action=("sign_in", "sign_in_failed"))
    browser.cookies.clear()
    empty = browser.post("/console/sign-in", data={**data, "csrf_token": ""})
    assert empty.status_code == 403
    assert browser.cookies.get("kefu_console") is None
    retry = browser.post("/console/sign-in", data={**data, "csrf_token": hidden_fields(empty)["csrf_token"]})
    assert retry.status_code == 303  # the re-shown form works


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/console",
        "//evil.example/console",
        "/\\evil.example",
        "/\t/evil.example",
        "javascript:alert(1)",
        "/en/",  # on this site, but not the console
        "/console/sign-in?next=//evil.example",
        "",
    ],
)
def test_next_never_leaves_the_console(browser: TestClient, make_person: MakePerson, target: str) -> None:
    person: Person = make_person()
    response = sign_in(browser, person.username, next_path=target)
    assert response.status_code == 303
    assert response.headers["location"] == "/console"


def test_next_returns_to_a_console_page(browser: TestClient, make_person: MakePerson) -> None:
    person: Person = make_person(role="admin")
    away = browser.get("/console/agents?done=role_changed")
    assert away.status_code == 303
    assert away.headers["location"] == "/console/sign-in?next=%2Fconsole%2Fagents%3Fdone%3Drole_changed"
    form = browser.get(away.headers["location"])
    assert hidden_fields(form)["next"] == "/console/agents?done=role_changed"
    response = sign_in(browser, person.username, next_path="/console/agents?done=role_changed")
    assert response.headers["location"] == "/console/agents?done=role_changed"
    again = browser.get("/console/sign-in?next=/console/agents")  # already signed in: straight there
    assert (again.status_code, again.headers["location"]) == (303, "/console/agents")


def test_safe_next() -> None:
    assert safe_next("/console/agents") == "/console/agents"
    assert safe_next("/console?x=1") == "/console?x=1"
    assert safe_next("/consoles") == "/console"
    assert safe_next("/console/sign-in") == "/console"
    assert safe_next(None) == "/console"


def test_sign_out_needs_the_csrf_token(
    browser: TestClient, make_person: MakePerson, database: Database
) -> None:
    person: Person = make_person()
    sign_in(browser, person.username)
    token = browser.cookies.get("kefu_console")
    assert token
    for bad in ({}, {"csrf_token": "wrong"}):
        refused = browser.post("/console/sign-out", data=bad)
        assert refused.status_code == 403
        assert "该表单已过期或并非来自客服工作台" in refused.text
    assert browser.get("/console").status_code == 200  # still signed in
    with database.session() as session:
        assert not recent(session, action="sign_out", subject=person.username)

    signed_out = browser.post("/console/sign-out", data={"csrf_token": csrf_of(browser)})
    assert (signed_out.status_code, signed_out.headers["location"]) == (303, "/console/sign-in")
    assert browser.cookies.get("kefu_console") is None
    put_session_cookie(browser, token)  # a copied cookie is worth nothing now
    assert browser.get("/console").status_code == 303
    with database.session() as session:
        [entry] = recent(session, action="sign_out", subject=person.username)
        assert entry.actor == f"agent:{person.code}"
        count = select(func.count()).select_from(AuditEntry).where(AuditEntry.subject == person.username)
        assert session.scalar(count) == 3  # created, signed in, signed out
