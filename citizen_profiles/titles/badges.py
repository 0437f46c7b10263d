"""Open Badges 3.0: a recognised title as an `OpenBadgeCredential` (W3C Verifiable
Credentials 2.0) secured as a VC-JWT (JOSE, `typ: vc+jwt`, the credential as the claims
set) signed with the issuer's Ed25519 key (EdDSA, PyJWT + cryptography).

The key: `OPEN_BADGES_SIGNING_KEY` (a PEM, from the environment) in production; in
development a key is generated on first use and kept in `OPEN_BADGES_KEY_FILE` (outside the
repository, ~/.config/hoctap/ by default); tests set a fixed key. The public key is
published as a JWK set, and the issuer's profile at a stable URL."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import secrets
from functools import lru_cache
from pathlib import Path

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse
from jwt.algorithms import OKPAlgorithm

from .certificates import site_url, verification_url
from .models import Evaluation
from .selectors import holder_name

OB_CONTEXT = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
]


def _key_pem() -> str:
    pem = getattr(settings, "OPEN_BADGES_SIGNING_KEY", "") or os.environ.get(
        "OPEN_BADGES_SIGNING_KEY", ""
    )
    if pem:
        return pem
    if not settings.DEBUG and not getattr(settings, "OPEN_BADGES_DEV_KEY", False):
        raise ImproperlyConfigured("OPEN_BADGES_SIGNING_KEY (Ed25519 PEM) is not set.")
    path = Path(
        getattr(settings, "OPEN_BADGES_KEY_FILE", "")
        or Path.home() / ".config" / "hoctap" / "openbadges-ed25519.pem"
    )
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        key = Ed25519PrivateKey.generate()
        path.write_bytes(
            key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        )
        path.chmod(0o600)
    return path.read_text()


@lru_cache(maxsize=4)
def _private_key(pem: str):
    return serialization.load_pem_private_key(pem.encode(), password=None)


def private_key():
    return _private_key(_key_pem())


def key_id() -> str:
    """A stable id of the public key: its JWK thumbprint (RFC 7638)."""
    jwk = public_jwk(with_kid=False)
    canonical = json.dumps(
        {k: jwk[k] for k in ("crv", "kty", "x")}, separators=(",", ":"), sort_keys=True
    )
    digest = hashlib.sha256(canonical.encode()).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def public_jwk(*, with_kid: bool = True) -> dict:
    jwk = json.loads(OKPAlgorithm.to_jwk(private_key().public_key()))
    jwk.update({"use": "sig", "alg": "EdDSA"})
    if with_kid:
        jwk["kid"] = key_id()
    return jwk


def jwks() -> dict:
    return {"keys": [public_jwk()]}


def issuer_url() -> str:
    return site_url() + reverse("citizen_titles:issuer")


def issuer_profile() -> dict:
    return {
        "@context": OB_CONTEXT,
        "id": issuer_url(),
        "type": ["Profile"],
        "name": getattr(settings, "OPEN_BADGES_ISSUER_NAME", "Hội Khuyến học thành phố Hà Nội"),
        "url": site_url() + "/",
        "description": "Cổng học tập suốt đời Hà Nội – danh hiệu học tập",
        "publicKey": site_url() + reverse("citizen_titles:jwks"),
    }


def achievement_url(evaluation: Evaluation) -> str:
    return site_url() + reverse(
        "citizen_titles:achievement", kwargs={"key": evaluation.criteria_set.key}
    )


def credential(evaluation: Evaluation) -> dict:
    """The unsigned OpenBadgeCredential. The holder is identified by a salted hash of their
    name (IdentityObject), not by the name itself."""
    cs = evaluation.criteria_set
    salt = secrets.token_hex(8)
    identity = "sha256$" + hashlib.sha256((holder_name(evaluation) + salt).encode()).hexdigest()
    valid_from = evaluation.recognised_at or evaluation.updated_at
    return {
        "@context": OB_CONTEXT,
        "id": verification_url(evaluation),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": issuer_url(), "type": ["Profile"], "name": issuer_profile()["name"]},
        "validFrom": valid_from.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "name": f"{evaluation.get_kind_display()} {evaluation.year}",
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [
                {
                    "type": "IdentityObject",
                    "identityHash": identity,
                    "identityType": "name",
                    "hashed": True,
                    "salt": salt,
                }
            ],
            "achievement": {
                "id": achievement_url(evaluation),
                "type": ["Achievement"],
                "achievementType": "Award",
                "name": evaluation.get_kind_display(),
                "description": cs.name,
                "criteria": {"narrative": cs.pass_rule_text or cs.issuing_document},
            },
            "result": [{"type": ["Result"], "value": evaluation.level or str(evaluation.total)}],
        },
        "evidence": [
            {
                "type": ["Evidence"],
                "name": f"Quyết định số {evaluation.decision_number}",
                "description": (
                    evaluation.decision_date.isoformat() if evaluation.decision_date else ""
                ),
            }
        ],
    }


def signed_credential(evaluation: Evaluation) -> str:
    """The credential as a compact JWS (VC-JWT)."""
    payload = credential(evaluation)
    payload["iss"] = payload["issuer"]["id"]
    payload["jti"] = payload["id"]
    return jwt.encode(
        payload,
        private_key(),
        algorithm="EdDSA",
        headers={"kid": key_id(), "typ": "vc+jwt", "cty": "vc"},
    )
