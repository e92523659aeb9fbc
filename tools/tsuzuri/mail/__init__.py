"""The email bridge: notification mail out, replies and inquiries in."""
