"""The support team: agent accounts, roles, console sessions and the audit log."""
