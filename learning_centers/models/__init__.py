from .geography import Province, ResidentialGroup, Ward
from .pages import LearningCenterIndexPage, LearningCenterPage, OpeningHours

__all__ = [
    "Province",
    "Ward",
    "ResidentialGroup",
    "LearningCenterIndexPage",
    "LearningCenterPage",
    "OpeningHours",
]
