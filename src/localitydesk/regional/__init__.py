"""regional package."""
