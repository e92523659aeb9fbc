"""Backlog migration: the API client, its records, CSV exports and the importer."""
