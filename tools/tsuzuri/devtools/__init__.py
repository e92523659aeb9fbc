"""Tools for developing tsuzuri itself, not for trackers."""
