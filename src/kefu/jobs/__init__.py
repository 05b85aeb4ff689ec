"""Background jobs that must run once per deployment, not once per worker: a lease in the database decides
which process runs them (the scheduler for overdue and stale cases, later outbox delivery and retention).

records     JobLease: one row per job name (holder, expires_at)
lease       try_acquire / release: an atomic conditional UPDATE that works the same on SQLite and PostgreSQL
scheduler   Scheduler: a daemon thread that runs each registered job on its interval while it holds the lease
"""
