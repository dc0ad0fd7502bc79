"""ui/pages package."""
