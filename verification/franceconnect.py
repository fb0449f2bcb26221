"""FranceConnect as an OpenID Connect relying party (authorization-code flow), on Authlib.

- The browser is sent to the authorization endpoint with a fresh `state` and `nonce` (43
  random characters each, FranceConnect v2 asks for at least 22), stored in the session;
  `acr_values` asks for FranceConnect's eIDAS level.
- The callback accepts a `state` only once (it is removed from the session before anything
  else), exchanges the code at the token endpoint, and checks the ID token: signature
  against the provider's published keys (JWKS, refetched once when a key is unknown or a
  signature fails, as keys rotate), algorithm among ES256/RS256, issuer, audience, expiry
  and nonce. The user info (a signed JWT in FranceConnect v2, plain JSON elsewhere) is
  checked the same way and must name the same `sub`.
- Logout goes through the provider's end-session endpoint with the ID token as hint.

Everything that leaves the process is here; the services decide what an identity means.
Each failure raises a `FranceConnectError` whose message tells the person what happened.
"""

import logging
import secrets
import time
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any
from urllib.parse import urlencode

import requests
from authlib.integrations.base_client import OAuthError
from authlib.integrations.django_client import OAuth
from authlib.oidc.core import CodeIDToken
from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from joserfc import errors as jose_errors
from joserfc import jwt
from joserfc.jwk import KeySet
from joserfc.jws import JWSRegistry

from civic.errors import DomainError

logger = logging.getLogger(__name__)

NAME = "franceconnect"
# Discovery documents are re-read after this long (endpoints and keys may change).
METADATA_SECONDS = 3600
_ENDPOINTS = {"AUTHORIZATION_ENDPOINT": "authorization_endpoint",
              "TOKEN_ENDPOINT": "token_endpoint", "USERINFO_ENDPOINT": "userinfo_endpoint",
              "JWKS_URI": "jwks_uri", "END_SESSION_ENDPOINT": "end_session_endpoint"}


class FranceConnectError(DomainError):
    code = "franceconnect_failed"
    status_code = 400
    default_message = _("La connexion avec FranceConnect n'a pas abouti. Recommencez, ou "
                        "connectez-vous avec votre adresse e-mail et votre mot de passe.")


class ProviderUnavailable(FranceConnectError):
    code = "franceconnect_unavailable"
    status_code = 503
    default_message = _("FranceConnect ne répond pas pour le moment. Réessayez dans quelques "
                        "minutes, ou connectez-vous avec votre adresse e-mail et votre mot de "
                        "passe.")


class StateInvalid(FranceConnectError):
    code = "franceconnect_state_invalid"
    default_message = _("Ce retour de FranceConnect n'est plus valable : il a déjà servi, ou "
                        "la connexion a été commencée dans un autre navigateur. Recommencez "
                        "la connexion avec FranceConnect.")


class SignatureInvalid(FranceConnectError):
    code = "franceconnect_signature_invalid"
    default_message = _("La réponse reçue de FranceConnect n'a pas pu être authentifiée "
                        "(signature invalide) : par sécurité, vous n'êtes pas connecté. "
                        "Recommencez ; si cela se reproduit, prévenez la mairie.")


class TokenRefused(FranceConnectError):
    code = "franceconnect_token_invalid"
    default_message = _("La réponse de FranceConnect ne correspond pas à cette demande "
                        "(émetteur, destinataire, niveau de garantie ou usage unique) : par "
                        "sécurité, vous n'êtes pas connecté. Recommencez la connexion avec "
                        "FranceConnect.")


class TokenExpired(FranceConnectError):
    code = "franceconnect_token_expired"
    default_message = _("La réponse de FranceConnect est arrivée trop tard (jeton expiré) : "
                        "vous n'êtes pas connecté. Recommencez la connexion avec "
                        "FranceConnect.")


class Cancelled(FranceConnectError):
    code = "franceconnect_cancelled"
    default_message = _("La connexion avec FranceConnect a été annulée : vous n'êtes pas "
                        "connecté.")


class IdentityIncomplete(FranceConnectError):
    code = "franceconnect_identity_incomplete"
    default_message = _("FranceConnect n'a pas transmis votre identité complète (nom, prénoms "
                        "et date de naissance) : vous n'êtes pas connecté. Acceptez de "
                        "partager ces informations lors de la connexion.")


@dataclass(frozen=True)
class PivotIdentity:
    """The identity FranceConnect vouches for ("identité pivot") and the person's e-mail."""

    sub: str
    family_name: str
    given_names: str
    birthdate: date
    gender: str = ""
    birthplace_code: str = ""
    birthcountry_code: str = ""
    preferred_name: str = ""
    email: str = ""

    @property
    def first_given_name(self) -> str:
        parts = self.given_names.split()
        return parts[0] if parts else ""


@dataclass(frozen=True)
class Completed:
    identity: PivotIdentity
    id_token: str
    # What the person asked for when leaving: link FranceConnect to the account they were
    # logged in to (its id), or log in.
    link_user_id: int | None


def _settings() -> dict[str, Any]:
    return dict(getattr(settings, "FRANCECONNECT", {}))


def is_configured() -> bool:
    """The button is offered only when the issuer, client id and secret are all known."""
    conf = _settings()
    return all(conf.get(key) for key in ("ISSUER", "CLIENT_ID", "CLIENT_SECRET"))


@lru_cache(maxsize=4)
def _client(issuer: str, client_id: str, client_secret: str, scopes: str, auth_method: str,
            timeout: int) -> Any:
    """One Authlib client per configuration (tests switch providers)."""
    oauth = OAuth()
    return oauth.register(
        name=NAME, client_id=client_id, client_secret=client_secret,
        server_metadata_url=f"{issuer}/.well-known/openid-configuration",
        client_kwargs={"scope": scopes, "token_endpoint_auth_method": auth_method,
                       "default_timeout": timeout})


def _app() -> Any:
    if not is_configured():
        raise FranceConnectError(_("La connexion avec FranceConnect n'est pas proposée ici."),
                                 code="franceconnect_not_configured")
    conf = _settings()
    return _client(conf["ISSUER"], conf["CLIENT_ID"], conf["CLIENT_SECRET"], conf["SCOPES"],
                   conf["TOKEN_AUTH_METHOD"], int(conf["TIMEOUT_SECONDS"]))


def _metadata(app: Any) -> Mapping[str, Any]:
    """The provider's metadata: discovered, then overridden by the configured endpoints."""
    loaded = app.server_metadata.get("_loaded_at")
    if loaded is not None and time.time() - loaded > METADATA_SECONDS:
        app.server_metadata.clear()
    try:
        metadata = app.load_server_metadata()
    except (requests.RequestException, ValueError) as exc:
        logger.warning("FranceConnect discovery failed: %s", exc)
        raise ProviderUnavailable() from exc
    conf = _settings()
    for setting, key in _ENDPOINTS.items():
        if conf.get(setting):
            metadata[key] = conf[setting]
    metadata["id_token_signing_alg_values_supported"] = list(conf["SIGNING_ALGORITHMS"])
    return metadata


def authorization_url(request: HttpRequest, *, redirect_uri: str,
                      link_user_id: int | None = None) -> str:
    """Where to send the browser; `state` and `nonce` are remembered in the session."""
    app = _app()
    metadata = _metadata(app)
    state, nonce = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    params = {"response_type": "code", "client_id": app.client_id,
              "redirect_uri": redirect_uri, "scope": _settings()["SCOPES"], "state": state,
              "nonce": nonce, "acr_values": _settings()["ACR_VALUES"], "prompt": "login consent"}
    app.framework.set_state_data(request.session, state, {
        "redirect_uri": redirect_uri, "nonce": nonce, "link_user_id": link_user_id})
    return f"{metadata['authorization_endpoint']}?{urlencode(params)}"


def _take_state(request: HttpRequest, app: Any) -> dict[str, Any]:
    """The state's data, removed from the session at once: a replayed callback finds none."""
    state = request.GET.get("state", "")
    data = app.framework.get_state_data(request.session, state) if state else None
    if state:
        app.framework.clear_state_data(request.session, state)
    if not data:
        raise StateInvalid()
    return dict(data)


def _key_set(app: Any, *, force: bool = False) -> KeySet:
    try:
        return KeySet.import_key_set(app.fetch_jwk_set(force=force))
    except requests.RequestException as exc:
        logger.warning("FranceConnect keys unavailable: %s", exc)
        raise ProviderUnavailable() from exc


def _decode(app: Any, value: str) -> Any:
    """Verify a JWT's signature against the provider's keys (refetched once on failure)."""
    registry = JWSRegistry(algorithms=list(_settings()["SIGNING_ALGORITHMS"]))
    try:
        return jwt.decode(value, _key_set(app), registry=registry)
    except (jose_errors.BadSignatureError, jose_errors.InvalidKeyIdError,
            jose_errors.MissingKeyError):
        # Keys rotate: read them again before calling the signature wrong.
        return jwt.decode(value, _key_set(app, force=True), registry=registry)


def _acceptable_acr() -> list[str]:
    asked = _settings()["ACR_VALUES"].split()
    levels = ["eidas1", "eidas2", "eidas3"]
    if len(asked) == 1 and asked[0] in levels:
        return levels[levels.index(asked[0]):]
    return asked


def _checked_id_token(app: Any, token: Mapping[str, Any], nonce: str) -> dict[str, Any]:
    metadata = _metadata(app)
    decoded = _decode(app, token["id_token"])
    options = {"iss": {"essential": True, "values": [metadata.get("issuer")]},
               "aud": {"essential": True, "values": [app.client_id]},
               # The guarantee level asked for (eidas1) or a higher one.
               "acr": {"essential": True, "values": _acceptable_acr()}}
    claims = CodeIDToken(decoded.claims, decoded.header, options,
                         {"nonce": nonce, "client_id": app.client_id,
                          "access_token": token.get("access_token")})
    claims.validate(leeway=int(_settings()["LEEWAY_SECONDS"]))
    return dict(claims)


def _userinfo(app: Any, token: Mapping[str, Any], sub: str) -> dict[str, Any]:
    metadata = _metadata(app)
    response = app.get(metadata["userinfo_endpoint"], token=dict(token))
    response.raise_for_status()
    if response.headers.get("Content-Type", "").startswith("application/jwt"):
        decoded = _decode(app, response.text.strip())
        claims = dict(decoded.claims)
        expected = {"iss": metadata.get("issuer"), "aud": app.client_id}
        for name, value in expected.items():
            found = claims.get(name)
            if found is not None and value not in (found if isinstance(found, list)
                                                   else [found]):
                raise jose_errors.InvalidClaimError(name)
    else:
        claims = response.json()
    if claims.get("sub") != sub:
        # OpenID Connect Core 5.3.2: user info about someone else must not be used.
        raise jose_errors.InvalidClaimError("sub")
    return claims


def _identity(claims: Mapping[str, Any]) -> PivotIdentity:
    try:
        born = date.fromisoformat(str(claims.get("birthdate", "")))
    except ValueError:
        born = None
    family, given = str(claims.get("family_name") or ""), str(claims.get("given_name") or "")
    if born is None or not family.strip() or not given.strip():
        raise IdentityIncomplete()
    return PivotIdentity(
        sub=str(claims["sub"]), family_name=" ".join(family.split()),
        given_names=" ".join(given.split()), birthdate=born,
        gender=str(claims.get("gender") or ""),
        birthplace_code=str(claims.get("birthplace") or ""),
        birthcountry_code=str(claims.get("birthcountry") or ""),
        preferred_name=" ".join(str(claims.get("preferred_name") or "").split()),
        email=str(claims.get("email") or "").strip().lower())


def complete(request: HttpRequest) -> Completed:
    """Check the callback and return the identity FranceConnect vouched for."""
    app = _app()
    data = _take_state(request, app)
    if request.GET.get("error"):
        logger.info("FranceConnect returned %s", request.GET.get("error"))
        raise Cancelled() if request.GET["error"] == "access_denied" else FranceConnectError()
    issuer = request.GET.get("iss")
    if issuer and issuer != _metadata(app).get("issuer"):
        raise SignatureInvalid()  # RFC 9207: an answer from another provider (mix-up)
    try:
        token = app.fetch_access_token(redirect_uri=data["redirect_uri"],
                                       code=request.GET.get("code", ""))
        claims = _checked_id_token(app, token, data["nonce"])
        info = _userinfo(app, token, claims["sub"])
    except requests.RequestException as exc:
        logger.warning("FranceConnect unreachable during the callback: %s", exc)
        raise ProviderUnavailable() from exc
    except jose_errors.ExpiredTokenError as exc:
        raise TokenExpired() from exc
    except jose_errors.ClaimError as exc:
        logger.warning("FranceConnect ID token refused: %r", exc)
        raise TokenRefused() from exc
    except (jose_errors.JoseError, ValueError, KeyError) as exc:
        logger.warning("FranceConnect answer refused: %r", exc)
        raise SignatureInvalid() from exc
    except OAuthError as exc:
        logger.warning("FranceConnect refused the code: %s", exc)
        raise FranceConnectError() from exc
    return Completed(identity=_identity(info), id_token=token["id_token"],
                     link_user_id=data.get("link_user_id"))


def logout_url(request: HttpRequest, *, id_token: str, post_logout_redirect_uri: str) -> str | None:
    """The provider's end-session address (None when it cannot be reached: log out here only)."""
    try:
        app = _app()
        metadata = _metadata(app)
    except FranceConnectError:
        return None
    endpoint = metadata.get("end_session_endpoint")
    if not endpoint:
        return None
    state = secrets.token_urlsafe(32)
    app.framework.set_state_data(request.session, state,
                                 {"post_logout_redirect_uri": post_logout_redirect_uri})
    params = {"id_token_hint": id_token, "state": state,
              "post_logout_redirect_uri": post_logout_redirect_uri}
    return f"{endpoint}?{urlencode(params)}"


def logout_complete(request: HttpRequest) -> bool:
    """Whether the provider's return after logout carries a state this session issued."""
    if not is_configured():
        return False
    app = _app()
    state = request.GET.get("state", "")
    data = app.framework.get_state_data(request.session, state) if state else None
    if state:
        app.framework.clear_state_data(request.session, state)
    return bool(data)
