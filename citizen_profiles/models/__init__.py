from .citizen import Citizen
from .participation import ParticipationRecord

__all__ = ["Citizen", "ParticipationRecord"]
