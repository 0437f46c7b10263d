"""The learning-record functions the titles read, in one place: learning hours by the
record's one definition (`citizen_profiles.selectors`) and the "basic digital skills" rule of
the framework in force (`citizen_profiles.skills.selectors`)."""

from citizen_profiles.selectors import learning_hours, with_learning_hours
from citizen_profiles.skills.selectors import (
    has_basic_digital_skills,
    with_basic_digital_skills,
)

__all__ = [
    "has_basic_digital_skills",
    "learning_hours",
    "with_basic_digital_skills",
    "with_learning_hours",
]
