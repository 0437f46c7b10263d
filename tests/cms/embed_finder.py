"""An offline embed finder so rendering tests never reach the network."""

from wagtail.embeds.finders.base import EmbedFinder


class FakeVideoFinder(EmbedFinder):
    def __init__(self, **options):
        pass

    def accept(self, url):
        return True

    def find_embed(self, url, max_width=None, max_height=None):
        return {
            "title": "Video thử",
            "type": "video",
            "html": '<iframe src="https://video.example/embed/1" title="Video thử"></iframe>',
            "width": 640,
            "height": 360,
            "thumbnail_url": "",
            "author_name": "",
            "provider_name": "Example",
        }
