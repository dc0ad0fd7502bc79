"""LocalityDesk: rotas, cover bookings and timesheets for locality care teams."""

__version__ = "0.1.0"
