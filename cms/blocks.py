"""StreamField blocks shared by the information site (and any app that wants them).

Every block renders semantic HTML from its own template in `cms/templates/cms/blocks/`, so
the output stays accessible (real headings, <figure>/<figcaption>, <blockquote>, table
captions) and light (no JavaScript).
"""

from django.core.exceptions import ValidationError
from django.forms.utils import ErrorList
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock

RICH_TEXT_FEATURES = ["h2", "h3", "h4", "bold", "italic", "ol", "ul", "link", "document-link"]


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("tiêu đề"), max_length=200)
    level = blocks.ChoiceBlock(
        label=_("cấp"),
        choices=[
            ("h2", _("Tiêu đề cấp 2")),
            ("h3", _("Tiêu đề cấp 3")),
            ("h4", _("Tiêu đề cấp 4")),
        ],
        default="h2",
        help_text=_("Giữ đúng thứ tự: cấp 2 trước cấp 3."),
    )

    class Meta:
        icon = "title"
        label = _("Tiêu đề")
        template = "cms/blocks/heading.html"


class CaptionedImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("ảnh"))
    alt_text = blocks.CharBlock(
        label=_("mô tả ảnh (alt)"),
        required=False,
        max_length=250,
        help_text=_(
            "Mô tả ngắn cho người dùng trình đọc màn hình. Để trống nếu ảnh chỉ để trang trí."
        ),
    )
    caption = blocks.CharBlock(label=_("chú thích"), required=False, max_length=300)

    class Meta:
        icon = "image"
        label = _("Ảnh có chú thích")
        template = "cms/blocks/image.html"


class DocumentLinkBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("tài liệu"))
    title = blocks.CharBlock(
        label=_("tên hiển thị"), required=False, help_text=_("Để trống để dùng tên tài liệu.")
    )

    class Meta:
        icon = "doc-full"
        label = _("Liên kết tài liệu")
        template = "cms/blocks/document_link.html"


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(label=_("trích dẫn"))
    attribution = blocks.CharBlock(label=_("nguồn"), required=False, max_length=200)

    class Meta:
        icon = "openquote"
        label = _("Trích dẫn")
        template = "cms/blocks/quote.html"


class VideoBlock(blocks.StructBlock):
    video = EmbedBlock(label=_("địa chỉ video/nội dung nhúng"), max_width=800)
    title = blocks.CharBlock(
        label=_("tiêu đề"),
        max_length=200,
        help_text=_("Mô tả nội dung nhúng cho người dùng trình đọc màn hình."),
    )
    caption = blocks.CharBlock(label=_("chú thích"), required=False, max_length=300)

    class Meta:
        icon = "media"
        label = _("Video / nội dung nhúng")
        template = "cms/blocks/video.html"


class CallToActionBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("tiêu đề"), max_length=150)
    text = blocks.TextBlock(label=_("nội dung"), required=False)
    button_label = blocks.CharBlock(label=_("nhãn nút"), max_length=60)
    page = blocks.PageChooserBlock(label=_("trang đích"), required=False)
    url = blocks.URLBlock(label=_("hoặc địa chỉ ngoài"), required=False)

    class Meta:
        icon = "pick"
        label = _("Lời kêu gọi hành động")
        template = "cms/blocks/call_to_action.html"

    def clean(self, value):
        value = super().clean(value)
        if bool(value.get("page")) == bool(value.get("url")):
            message = _("Chọn một trang đích hoặc nhập một địa chỉ ngoài (chỉ một).")
            raise blocks.StructBlockValidationError(
                block_errors={"page": ErrorList([ValidationError(message)])}
            )
        return value


class BodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        label=_("Đoạn văn"), features=RICH_TEXT_FEATURES, template="cms/blocks/paragraph.html"
    )
    image = CaptionedImageBlock()
    document = DocumentLinkBlock()
    quote = QuoteBlock()
    table = TableBlock(label=_("Bảng"), template="cms/blocks/table.html")
    video = VideoBlock()
    call_to_action = CallToActionBlock()

    class Meta:
        label = _("Nội dung")
