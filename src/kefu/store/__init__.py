"""Storage: the SQLAlchemy engine and sessions, the declarative Base, and Alembic migrations.

Domain packages define their tables on :class:`Base` and do their reads and writes through a
:class:`~sqlalchemy.orm.Session` handed to them; nothing here knows about any domain.
"""

from kefu.store.base import Base, utcnow
from kefu.store.database import Database, database_url

__all__ = ["Base", "Database", "database_url", "utcnow"]
