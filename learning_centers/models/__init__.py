from .access import CenterAccess
from .geography import Province, ResidentialGroup, Ward
from .pages import (
    CenterMaterialPage,
    LearningCenterIndexPage,
    LearningCenterPage,
    MaterialTag,
    OpeningHours,
)

__all__ = [
    "Province",
    "Ward",
    "ResidentialGroup",
    "LearningCenterIndexPage",
    "LearningCenterPage",
    "OpeningHours",
    "CenterMaterialPage",
    "MaterialTag",
    "CenterAccess",
]
