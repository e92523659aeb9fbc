"""Exports of tracker data to other tools' formats."""
