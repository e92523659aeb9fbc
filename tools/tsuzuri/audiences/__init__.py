"""Audiences: who may see what, and the tracker as one audience sees it.

By default every organization is an audience that sees the projects it takes part in,
and an organization whose role is ``office`` sees everything. tsuzuri.yml may add more
(``audiences:``). ``visibility:`` on an issue, comment, attachment, minutes or WBS item
narrows who sees it: ``internal`` (the office only) or a list of organizations.

``tracker_for`` and ``history_for`` are pure functions from the whole tracker to what one
audience may see; the site is built from their result, so every page, export and feed
holds only that.
"""

from tsuzuri.audiences.resolve import Audience, UnknownAudience, audience_named, audiences_of
from tsuzuri.audiences.view import history_for, tracker_for, wbs_for

__all__ = ["Audience", "UnknownAudience", "audience_named", "audiences_of", "history_for", "tracker_for", "wbs_for"]
