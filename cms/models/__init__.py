from cms.users import User

from .home import HomePage

__all__ = ["User", "HomePage"]
