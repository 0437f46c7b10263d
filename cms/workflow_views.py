"""Wagtail's workflow action view (approve / request changes from the dashboard's "awaiting
your review" panel or the page's status side panel), with a confirmation message: the
stock view redirects without one, so a moderator could not tell that approving worked.
Installed as the page viewset's workflow action view (`use_confirmed_workflow_actions`), so
Wagtail's own URL and permission checks stay as they are."""

from django.utils.translation import gettext as _
from wagtail.admin import messages
from wagtail.admin.views.pages.workflow import WorkflowActionView


class ConfirmedWorkflowActionView(WorkflowActionView):
    def post(self, request, *args, **kwargs):
        title = self.object.get_admin_display_title()
        response = super().post(request, *args, **kwargs)
        self.object.refresh_from_db()
        if self.action_name == "approve":
            if self.object.live and not self.object.workflow_in_progress:
                text = _("Đã duyệt và đăng “%(title)s”.")
            else:
                text = _("Đã duyệt “%(title)s”; trang chuyển sang bước duyệt tiếp theo.")
        elif self.action_name == "reject":
            text = _("Đã yêu cầu sửa “%(title)s”; người gửi sẽ được báo.")
        else:
            text = _("Đã thực hiện thao tác với “%(title)s”.")
        messages.success(request, text % {"title": title})
        return response


def use_confirmed_workflow_actions() -> None:
    """Every page type without its own admin viewset (all of ours) uses Wagtail's fallback
    page viewset; its workflow action view becomes the one above. Called once from
    CmsConfig.ready(), before any admin request builds the view."""
    from wagtail.admin.viewsets.pages import base_page_viewset

    base_page_viewset.workflow_action_view_class = ConfirmedWorkflowActionView
