"""Who the customers are: the wallet's customers as kefu knows them (synced by their wallet id).

- :mod:`~kefu.identity.records`: the ``customer`` table.
- :mod:`~kefu.identity.customers`: ``upsert_customer``, ``find_by_phone``, ``get_customer``.
- :mod:`~kefu.identity.phones`: phone numbers as typed → E.164.
- :mod:`~kefu.identity.id_digits`: the last four ID characters, kept only as a salted scrypt hash.
"""
