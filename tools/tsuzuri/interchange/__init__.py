"""Moving issues in and out: Backlog migration, vendors' issue sheets, exports to other tools."""
