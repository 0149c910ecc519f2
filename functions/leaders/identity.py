"""Signing in through the Cognito user pool, and ending a session.

The password goes straight on to Cognito (USER_PASSWORD_AUTH) and is never kept, logged or compared here. Cognito
answers with tokens, or with a challenge: a new password for an account made with a temporary one, or the code from
an authenticator app when the leader has turned on MFA. The ID token becomes the session (an HttpOnly cookie);
sign-out puts its id on the list of ended sessions (common/sessions.py) until the token would have expired anyway.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from botocore.exceptions import ClientError, ParamValidationError

from common.errors import InvalidInput, SessionExpired, TooManyAttempts, WrongPassword
from common.i18n import N_, gettext

if TYPE_CHECKING:
    from mypy_boto3_cognito_idp import CognitoIdentityProviderClient

CHALLENGES = ("NEW_PASSWORD_REQUIRED", "SOFTWARE_TOKEN_MFA")
PASSWORD_RULES = N_("Passordet må ha minst 12 tegn og minst ett tall.")


@dataclass(frozen=True)
class SignedIn:
    id_token: str


@dataclass(frozen=True)
class Challenge:
    name: str  # one of CHALLENGES
    session: str


class UserPool:
    def __init__(self, client: CognitoIdentityProviderClient, client_id: str) -> None:
        self._client = client
        self._client_id = client_id

    def sign_in(self, username: str, password: str) -> SignedIn | Challenge:
        return self._answer(
            "password",
            lambda: self._client.initiate_auth(
                ClientId=self._client_id,
                AuthFlow="USER_PASSWORD_AUTH",
                AuthParameters={"USERNAME": username, "PASSWORD": password},
            ),
        )

    def new_password(self, username: str, session: str, new_password: str) -> SignedIn | Challenge:
        return self._answer(
            "new_password",
            lambda: self._client.respond_to_auth_challenge(
                ClientId=self._client_id,
                ChallengeName="NEW_PASSWORD_REQUIRED",
                Session=session,
                ChallengeResponses={"USERNAME": username, "NEW_PASSWORD": new_password},
            ),
        )

    def mfa_code(self, username: str, session: str, code: str) -> SignedIn | Challenge:
        return self._answer(
            "code",
            lambda: self._client.respond_to_auth_challenge(
                ClientId=self._client_id,
                ChallengeName="SOFTWARE_TOKEN_MFA",
                Session=session,
                ChallengeResponses={"USERNAME": username, "SOFTWARE_TOKEN_MFA_CODE": code},
            ),
        )

    @staticmethod
    def _answer(field: str, call: Any) -> SignedIn | Challenge:
        """Cognito's answer, or its refusal as the Norwegian message at the field it concerns."""
        try:
            answer = call()
        except ClientError as exc:
            code = exc.response.get("Error", {}).get("Code", "")
            if code in ("NotAuthorizedException", "UserNotFoundException", "PasswordResetRequiredException"):
                raise WrongPassword() from exc
            if code in ("TooManyRequestsException", "LimitExceededException", "TooManyFailedAttemptsException"):
                raise TooManyAttempts() from exc
            if code == "InvalidPasswordException":
                raise InvalidInput(field_errors={"new_password": gettext(PASSWORD_RULES)}) from exc
            if code == "ResourceNotFoundException" and field != "password":
                # The sign-in this answer belongs to is gone (or never was): start again.
                raise SessionExpired() from exc
            if code in ("CodeMismatchException", "ExpiredCodeException"):
                message = N_("Koden stemmer ikke. Skriv inn den nyeste koden fra appen.")
                raise InvalidInput(field_errors={field: gettext(message)}) from exc
            raise
        except ParamValidationError as exc:  # a value no account could have (a session too short, say)
            raise WrongPassword() from exc
        tokens = answer.get("AuthenticationResult")
        if tokens and tokens.get("IdToken"):
            return SignedIn(tokens["IdToken"])
        name = answer.get("ChallengeName", "")
        if name not in CHALLENGES:
            # A challenge this page cannot answer (SMS, say): the account needs the network leader's help.
            raise WrongPassword(N_("Kontoen din trenger et steg vi ikke støtter her. Ta kontakt med nettverkslederen."))
        return Challenge(name, answer["Session"])
