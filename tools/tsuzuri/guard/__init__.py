"""The confidential-data guard: personal data, secrets and marked text never enter the tracker.

``Guard(config)`` holds the office's rules from tsuzuri.yml; ``Guard.text`` scans text and
``scan_file`` an attachment's text (plain text, CSV, xlsx, docx, pptx, PDF). Each ``Hit``
names its line and rule, shows the value masked and carries the fingerprint that allows it
once reviewed. The entry points (validate, mail ingest, import plans) turn hits into their
own refusals.
"""

from tsuzuri.guard.extract import Unreadable, scannable
from tsuzuri.guard.incoming import refusals
from tsuzuri.guard.scan import ALLOW_INLINE, RULES, Guard, Hit, fingerprint, scan_file

__all__ = ["ALLOW_INLINE", "RULES", "Guard", "Hit", "Unreadable", "fingerprint", "refusals", "scan_file", "scannable"]
