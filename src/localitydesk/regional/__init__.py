"""The regional server: an ASGI app over PostgreSQL that receives every locality's changes.

Installed with the ``server`` extra; ``localitydesk-regional`` is its command.
"""
