"""Pure rules over plain data: no Qt, no SQLAlchemy, no I/O."""
