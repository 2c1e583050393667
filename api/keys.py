"""API key tokens: `wk_<8 hex>_<43 url-safe characters>` (256 random bits after the prefix).

The prefix finds the row; only the SHA-256 of the whole token is stored, compared in constant
time. A high-entropy token needs no slow password hash: nobody can guess 256 bits.
"""

import hashlib
import hmac
import secrets

PREFIX_LENGTH = len("wk_") + 8


def token_new() -> tuple[str, str]:
    """A new (prefix, token)."""
    prefix = f"wk_{secrets.token_hex(4)}"
    return prefix, f"{prefix}_{secrets.token_urlsafe(32)}"


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def token_prefix(token: str) -> str | None:
    """The lookup prefix of a well-formed token, else None."""
    if len(token) < PREFIX_LENGTH + 2 or not token.startswith("wk_"):
        return None
    if token[PREFIX_LENGTH] != "_":
        return None
    return token[:PREFIX_LENGTH]


def token_matches(token: str, stored_hash: str) -> bool:
    return hmac.compare_digest(token_hash(token), stored_hash)
