"""The support team: agent accounts, roles, console sessions and the audit log.

records     Agent, AgentSession, AuditEntry (tables ``agent``, ``agent_session``, ``audit_entry``)
accounts    create_agent (code KF + 4 digits), list_agents, get_agent, agent_by_code, set_role,
            set_password, deactivate; ensure_demo_agents (data/demo-agents.yaml) for a first start
passwords   argon2id hashing (rehash on sign-in when parameters change); the policy: 8–128 characters,
            not common (data/common-passwords.txt), not the username
usernames   normalize_username, check_username
sessions    sign_in (one error for every failure, audited, throttled), resolve (30 min idle, 12 h
            absolute), sign_out, end_sessions; csrf_token / check_csrf
throttle    failed sign-ins per username (5) and per IP (20) in 15 minutes, from the audit log
access      viewer_for (the cases Viewer an agent acts as), require_role
audit       record, recent

Importing this package loads none of its modules: tables that only need :mod:`kefu.agents.records` stay
cheap to import.
"""
