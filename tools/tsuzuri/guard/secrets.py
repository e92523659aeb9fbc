"""Secrets in text (private keys, API tokens, credentials), found with detect-secrets.

detect-secrets knows the shapes of many providers' tokens and keeps them up to date, so
the guard does not keep its own list. Only its format-specific detectors run: the
high-entropy detectors would flag every commit hash and file digest in a tracker.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from detect_secrets.core.scan import scan_line
from detect_secrets.settings import transient_settings

from tsuzuri.guard.detectors import Hit

PLUGINS = (
    "ArtifactoryDetector", "AWSKeyDetector", "AzureStorageKeyDetector", "BasicAuthDetector", "CloudantDetector",
    "DiscordBotTokenDetector", "GitHubTokenDetector", "GitLabTokenDetector", "IbmCloudIamDetector", "IbmCosHmacDetector",
    "JwtTokenDetector", "KeywordDetector", "MailchimpDetector", "NpmDetector", "OpenAIDetector", "PrivateKeyDetector",
    "PypiTokenDetector", "SendGridDetector", "SlackDetector", "SoftlayerDetector", "SquareOAuthDetector", "StripeDetector",
    "TelegramBotTokenDetector", "TwilioKeyDetector",
)
_SETTINGS = {"plugins_used": [{"name": name} for name in PLUGINS], "filters_used": []}

# Most lines of a tracker are Japanese prose; only a line with a long ASCII token, a key
# header, credentials in a URL or a keyword can hold a secret, so only those are scanned.
_WORTH_SCANNING = re.compile(r"[A-Za-z0-9_\-+/=.]{16,}|PRIVATE KEY|://[^\s/@]+:[^\s/@]+@|pass|pwd|secret|token|key|auth|cred", re.IGNORECASE)


class SecretScanner:
    """Scan many lines in one detect-secrets session (its settings are process-wide)."""

    def __enter__(self) -> SecretScanner:
        self._settings = transient_settings(_SETTINGS)
        self._settings.__enter__()
        return self

    def __exit__(self, *exc) -> None:
        self._settings.__exit__(*exc)

    def scan(self, line: str) -> Iterator[Hit]:
        """Yield ("secret", column, value) for each secret detect-secrets sees in the line."""
        if not _WORTH_SCANNING.search(line):
            return
        for secret in scan_line(line):
            value = secret.secret_value or secret.type
            col = line.find(value) if value in line else 0
            yield "secret", max(col, 0), f"{secret.type}\0{value}"
