from .citizen import (
    CLAIM_CODE_ALPHABET,
    CLAIM_CODE_LENGTH,
    Citizen,
    Consent,
    DeletionRequest,
    format_claim_code,
    new_claim_code,
    normalize_claim_code,
)
from .declaration import Declaration
from .participation import ParticipationRecord

__all__ = [
    "CLAIM_CODE_ALPHABET",
    "CLAIM_CODE_LENGTH",
    "Citizen",
    "Consent",
    "Declaration",
    "DeletionRequest",
    "ParticipationRecord",
    "format_claim_code",
    "new_claim_code",
    "normalize_claim_code",
]
