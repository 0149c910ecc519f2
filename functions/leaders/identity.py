"""Signing in through the Cognito user pool, ending a session, and turning on the code from an authenticator app.

The password goes straight on to Cognito (USER_PASSWORD_AUTH) and is never kept, logged or compared here. Cognito
answers with tokens, or with a challenge: a new password for an account made with a temporary one, or the code from
an authenticator app when the leader has turned on MFA. The ID token becomes the session (an HttpOnly cookie);
sign-out puts its id on the list of ended sessions (common/sessions.py) until the token would have expired anyway.

Turning the code on (TOTP, Cognito's "software token") takes the access token of the same sign-in, which a leader
without the code gets in a second HttpOnly cookie for the two routes that do it (leaders/session.py):
AssociateSoftwareToken gives the secret the app is set up with, VerifySoftwareToken checks the app's first code, and
SetUserMFAPreference makes the code part of every sign-in from then on. These three are authorized by the access token,
not by IAM. The pool's MFA is OPTIONAL (area leaders and host units may turn it on, the network leader must: the
functions enforce that, common/leader_api.py), so Cognito never answers with the MFA_SETUP challenge here.
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
WRONG_CODE = N_("Koden stemmer ikke. Skriv inn den nyeste koden fra appen.")


@dataclass(frozen=True)
class SignedIn:
    id_token: str
    access_token: str = ""
    mfa: bool = False  # signed in with a code from the app as well as the password


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
        step = self._answer(
            "code",
            lambda: self._client.respond_to_auth_challenge(
                ClientId=self._client_id,
                ChallengeName="SOFTWARE_TOKEN_MFA",
                Session=session,
                ChallengeResponses={"USERNAME": username, "SOFTWARE_TOKEN_MFA_CODE": code},
            ),
        )
        return SignedIn(step.id_token, step.access_token, mfa=True) if isinstance(step, SignedIn) else step

    def totp_secret(self, access_token: str) -> str:
        """A new secret for the leader's authenticator app (the app is set up with it, by hand or from a link)."""
        try:
            answer = self._client.associate_software_token(AccessToken=access_token)
        except ClientError as exc:
            raise _refusal(exc, "code") from exc
        except ParamValidationError as exc:
            raise SessionExpired() from exc
        return answer["SecretCode"].upper()  # base32, as AWS writes it (moto writes it in lower case)

    def turn_on_totp(self, access_token: str, code: str, device: str) -> None:
        """Checks the app's first code against the secret, then makes the code part of every sign-in."""
        try:
            answer = self._client.verify_software_token(
                AccessToken=access_token, UserCode=code, FriendlyDeviceName=device
            )
            if answer.get("Status") != "SUCCESS":
                raise InvalidInput(field_errors={"code": gettext(WRONG_CODE)})
            self._client.set_user_mfa_preference(
                AccessToken=access_token, SoftwareTokenMfaSettings={"Enabled": True, "PreferredMfa": True}
            )
        except ClientError as exc:
            raise _refusal(exc, "code") from exc
        except ParamValidationError as exc:
            raise SessionExpired() from exc

    @staticmethod
    def _answer(field: str, call: Any) -> SignedIn | Challenge:
        """Cognito's answer, or its refusal as the Norwegian message at the field it concerns."""
        try:
            answer = call()
        except ClientError as exc:
            code = exc.response.get("Error", {}).get("Code", "")
            if code in ("NotAuthorizedException", "UserNotFoundException", "PasswordResetRequiredException"):
                raise WrongPassword() from exc
            raise _refusal(exc, field) from exc
        except ParamValidationError as exc:  # a value no account could have (a session too short, say)
            raise WrongPassword() from exc
        tokens = answer.get("AuthenticationResult")
        if tokens and tokens.get("IdToken"):
            return SignedIn(tokens["IdToken"], tokens.get("AccessToken", ""))
        name = answer.get("ChallengeName", "")
        if name not in CHALLENGES:
            # A challenge this page cannot answer (SMS, say): the account needs the network leader's help.
            raise WrongPassword(N_("Kontoen din trenger et steg vi ikke støtter her. Ta kontakt med nettverkslederen."))
        return Challenge(name, answer["Session"])


def _refusal(exc: ClientError, field: str) -> Exception:
    """Cognito's refusal as what the person sees: the Norwegian message at the field it concerns, or the exception
    itself (a bug, a 500) when it is none of these."""
    code = exc.response.get("Error", {}).get("Code", "")
    if code in ("TooManyRequestsException", "LimitExceededException", "TooManyFailedAttemptsException"):
        return TooManyAttempts()
    if code == "InvalidPasswordException":
        return InvalidInput(field_errors={"new_password": gettext(PASSWORD_RULES)})
    if code == "ResourceNotFoundException" and field != "password":
        # The sign-in this answer belongs to is gone (or never was): start again.
        return SessionExpired()
    if code == "NotAuthorizedException":  # an access token expired, revoked or made up
        return SessionExpired()
    # AWS says EnableSoftwareTokenMFAException when the app's first code is wrong, moto CodeMismatchException.
    if code in ("CodeMismatchException", "ExpiredCodeException", "EnableSoftwareTokenMFAException"):
        return InvalidInput(field_errors={field: gettext(WRONG_CODE)})
    return exc
