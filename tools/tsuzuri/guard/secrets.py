"""Secrets in text (private keys, API tokens, credentials), found with detect-secrets.

detect-secrets knows the shapes of many providers' tokens and keeps them up to date, so
the guard does not keep its own list; it keeps only what every one of them needs (``SHAPES``), to
leave most lines, and most trackers, without loading it. Only its format-specific detectors run: the
high-entropy detectors would flag every commit hash and file digest in a tracker. The
detectors are called directly, line by line, and never verify a secret over the network.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from tsuzuri.guard.detectors import Hit

PLUGINS = {
    "ArtifactoryDetector": "artifactory", "AWSKeyDetector": "aws", "AzureStorageKeyDetector": "azure_storage_key",
    "BasicAuthDetector": "basic_auth", "CloudantDetector": "cloudant", "DiscordBotTokenDetector": "discord",
    "GitHubTokenDetector": "github_token", "GitLabTokenDetector": "gitlab_token", "IbmCloudIamDetector": "ibm_cloud_iam",
    "IbmCosHmacDetector": "ibm_cos_hmac", "JwtTokenDetector": "jwt", "KeywordDetector": "keyword", "MailchimpDetector": "mailchimp",
    "NpmDetector": "npm", "OpenAIDetector": "openai", "PrivateKeyDetector": "private_key", "PypiTokenDetector": "pypi_token",
    "SendGridDetector": "sendgrid", "SlackDetector": "slack", "SoftlayerDetector": "softlayer", "SquareOAuthDetector": "square_oauth",
    "StripeDetector": "stripe", "TelegramBotTokenDetector": "telegram_token", "TwilioKeyDetector": "twilio",
}
"""The detectors that run, each with its module in ``detect_secrets.plugins``."""

# Most lines of a tracker are Japanese prose. Each detector above matches only where a line holds
# one of these shapes, read from its patterns (tests/guard pins those patterns, so an upgrade that
# changes them is looked at again); a line with none of them is not handed to detect-secrets, and a
# tracker with no such line never loads it (a fifth of a second). The shapes are looked for in the
# folded text (``fold``), where every letter the detectors' case-insensitive patterns take for an
# ASCII letter is that letter in lower case; separate simple patterns are faster than one alternation.
SHAPES = tuple(map(re.compile, (
    r"[a-z0-9_\-+/=.]{16,}",  # every token of 16 or more such characters in a row (AWS, GitHub, Stripe, Telegram...)
    r"pass|pwd",  # the keyword detector's words (password, passwd, db_pass, key_pass, pwd) ...
    r"secret|contrase",
    r"(?:api|auth|service|account|db|database|priv|private|client)_?key",
    r"private key",  # private key headers (PuTTY's is a 21-character token)
    r"://[^\s/@]+:[^\s/@]+@",  # credentials in a URL
    r"akc[a-z0-9]{10}|ap[\da-f][a-z0-9]{8}",  # Artifactory, from 11 characters
    r"eyj[a-z0-9_=-]+\.",  # a JSON Web Token, from 13
    r"xox[abposr]-|/:_authtoken=|sq0csp-",  # Slack (from 8 characters), npm, Square (whose token may hold backslashes)
)))
# Python's case-insensitive matching takes the dotless ı and the dotted İ for i; lower() keeps ı
# and makes İ two characters.
_AS_I = str.maketrans({"\u0131": "i", "\u0130": "i"})


def fold(text: str) -> str:
    """Return NFKC text as the shapes are looked for in: ı and İ as i, then lower-cased."""
    return text.translate(_AS_I).lower()


def worth_scanning(folded: str) -> bool:
    """Tell whether any detector could find a secret in a text (``fold``ed); False means none can."""
    return any(p.search(folded) for p in SHAPES)


@cache
def _detectors() -> tuple:
    from importlib import import_module

    # Each module on its own: asking detect-secrets for its whole mapping imports every plugin it has.
    found = []
    for name, module in PLUGINS.items():
        try:
            found.append(getattr(import_module(f"detect_secrets.plugins.{module}"), name)())
        except (ImportError, AttributeError):
            continue  # a detector this version of detect-secrets does not have (tests/guard pins the version's patterns)
    return tuple(found)


def secrets(line: str) -> Iterator[Hit]:
    """Yield ("secret", column, "type\\0value") for each secret detect-secrets sees in the line."""
    if not worth_scanning(fold(line)):
        return
    for detector in _detectors():
        # The file name picks the keyword detector's rules: YAML's `key: value` reads like tracker text.
        for secret in detector.analyze_line(filename="tracker.yml", line=line, line_number=1):
            value = secret.secret_value or ""
            col = line.find(value) if value else -1
            yield "secret", max(col, 0), f"{secret.type}\0{value or secret.type}"
