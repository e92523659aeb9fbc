"""Exports of tracker data to other tools' formats (CSV, iCalendar), as text."""
