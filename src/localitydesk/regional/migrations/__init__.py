"""Alembic migrations of the regional server's own database."""
