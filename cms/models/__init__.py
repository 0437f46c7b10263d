from cms.users import User

from .home import HomePage
from .navigation import FOOTER_MENU, MAIN_MENU, FooterSettings, Menu, MenuItem
from .news import NewsIndexPage, NewsPage, NewsPageTag
from .plans import PlanIndexPage, PlanPage, PlanTarget, Provenance
from .standard import StandardPage

__all__ = [
    "User",
    "HomePage",
    "StandardPage",
    "NewsIndexPage",
    "NewsPage",
    "NewsPageTag",
    "PlanIndexPage",
    "PlanPage",
    "PlanTarget",
    "Provenance",
    "Menu",
    "MenuItem",
    "FooterSettings",
    "MAIN_MENU",
    "FOOTER_MENU",
]
