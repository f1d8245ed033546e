"""The relational-database storage: models, migrations and :class:`RDBStorage`."""
