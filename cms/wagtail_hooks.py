from wagtail.snippets.models import register_snippet

from cms.viewsets import MenuViewSet

register_snippet(MenuViewSet)
