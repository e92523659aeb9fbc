"""Bytes to values, knowing no tracker: safe YAML, text files, minutes text, dates."""
