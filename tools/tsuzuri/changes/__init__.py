"""What changed: diffs of the tracker between commits, field authority, the feed, response times."""
