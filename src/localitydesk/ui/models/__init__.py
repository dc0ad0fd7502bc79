"""ui/models package."""
