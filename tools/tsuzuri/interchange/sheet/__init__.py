"""Vendors' issue sheets: reading workbooks and turning rows into issues."""
