"""Secrets in text (private keys, API tokens, credentials), found with detect-secrets.

detect-secrets knows the shapes of many providers' tokens and keeps them up to date, so
the guard does not keep its own list. Only its format-specific detectors run: the
high-entropy detectors would flag every commit hash and file digest in a tracker. The
detectors are called directly, line by line, and never verify a secret over the network.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from tsuzuri.guard.detectors import Hit

PLUGINS = (
    "ArtifactoryDetector", "AWSKeyDetector", "AzureStorageKeyDetector", "BasicAuthDetector", "CloudantDetector",
    "DiscordBotTokenDetector", "GitHubTokenDetector", "GitLabTokenDetector", "IbmCloudIamDetector", "IbmCosHmacDetector",
    "JwtTokenDetector", "KeywordDetector", "MailchimpDetector", "NpmDetector", "OpenAIDetector", "PrivateKeyDetector",
    "PypiTokenDetector", "SendGridDetector", "SlackDetector", "SoftlayerDetector", "SquareOAuthDetector", "StripeDetector",
    "TelegramBotTokenDetector", "TwilioKeyDetector",
)

# Most lines of a tracker are Japanese prose; only a line with a long ASCII token, a key
# header, credentials in a URL or one of the keyword detector's words can hold a secret, so only those are scanned.
WORTH_SCANNING = re.compile(r"[A-Za-z0-9_\-+/=.]{16,}|PRIVATE KEY|://[^\s/@]+:[^\s/@]+@|pass|pwd|secret|key|contrase", re.IGNORECASE)


@cache
def _detectors() -> tuple:
    from detect_secrets.core.plugins.util import get_mapping_from_secret_type_to_class

    by_name = {cls.__name__: cls for cls in get_mapping_from_secret_type_to_class().values()}
    return tuple(by_name[name]() for name in PLUGINS if name in by_name)


def secrets(line: str) -> Iterator[Hit]:
    """Yield ("secret", column, "type\\0value") for each secret detect-secrets sees in the line."""
    if not WORTH_SCANNING.search(line):
        return
    for detector in _detectors():
        # The file name picks the keyword detector's rules: YAML's `key: value` reads like tracker text.
        for secret in detector.analyze_line(filename="tracker.yml", line=line, line_number=1):
            value = secret.secret_value or ""
            col = line.find(value) if value else -1
            yield "secret", max(col, 0), f"{secret.type}\0{value or secret.type}"
