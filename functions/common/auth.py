"""Who is asking: a leader's ID token from the user pool, verified with PyJWT against the pool's published keys.

Cognito checks the password; this module only checks what Cognito signed. The token must be signed by one of the
pool's keys (RS256), be an ID token for our app client from our pool (`aud`, `iss`, `token_use`), and not be expired.
The keys are fetched once per container and kept for an hour (a new key, after Cognito rotates, is fetched on sight).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import jwt

from common.errors import NotSignedIn, SessionExpired, TryAgain
from common.settings import settings

ALGORITHMS = ["RS256"]
REQUIRED_CLAIMS = ["exp", "iat", "iss", "aud", "sub", "jti", "token_use"]


class TokenVerifier:
    def __init__(self, issuer: str, audience: str, keys_url: str) -> None:
        self.issuer = issuer
        self.audience = audience
        self._keys = jwt.PyJWKClient(keys_url, cache_keys=True, lifespan=3600, timeout=2)

    def claims(self, token: str) -> dict[str, Any]:
        """The token's claims, or NotSignedIn (401) for anything not signed by our pool for our client, and
        SessionExpired (401) for a token whose time is up. No leeway: a session ends when the token says."""
        try:
            key = self._keys.get_signing_key_from_jwt(token)
        except jwt.PyJWKClientConnectionError as exc:
            raise TryAgain() from exc
        except jwt.PyJWTError as exc:  # malformed, or a key id the pool never had
            raise NotSignedIn() from exc
        try:
            claims: dict[str, Any] = jwt.decode(
                token,
                key.key,
                algorithms=ALGORITHMS,
                audience=self.audience,
                issuer=self.issuer,
                options={"require": REQUIRED_CLAIMS},
            )
        except jwt.ExpiredSignatureError as exc:
            raise SessionExpired() from exc
        except jwt.PyJWTError as exc:
            raise NotSignedIn() from exc
        if claims.get("token_use") != "id":
            raise NotSignedIn()
        return claims


@lru_cache(maxsize=1)
def verifier() -> TokenVerifier:
    config = settings()
    return TokenVerifier(config.issuer, config.user_pool_client_id, config.keys_url)
