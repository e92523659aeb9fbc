"""One module per verb; each exposes ``command``."""
