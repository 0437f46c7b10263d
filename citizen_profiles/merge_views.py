"""Wagtail admin: likely duplicate residents and the merge of two of them.

Staff see the residents they may edit (a centre manager: their wards; city staff with
`view_all_wards` and the change permission: every ward, so duplicates across wards show),
grouped by folded name and birth year. Merging needs the change permission on both."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet
from wagtail.permissions import policy_registry

from .merge import citizen_merge, duplicate_groups, duplicate_keys, related_counts
from .models import Citizen

GROUPS_PER_PAGE = 25


def _policy():
    return policy_registry.get_by_type(Citizen)


def _can_merge(user) -> bool:
    return _policy().user_has_permission(user, "change")


def _editable_citizens(user):
    return _policy().instances_user_has_any_permission_for(user, {"change"})


class MergeMenuItem(MenuItem):
    def is_shown(self, request):
        return _can_merge(request.user)


class StaffOnlyMixin:
    def dispatch(self, request, *args, **kwargs):
        if not _can_merge(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        items = [*self.breadcrumbs_items]
        if not isinstance(self, DuplicateIndexView):
            items.append(
                {"url": reverse("citizen_duplicates:index"), "label": DuplicateIndexView.page_title}
            )
        return [*items, {"url": "", "label": self.get_page_title()}]


class DuplicateIndexView(StaffOnlyMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "citizen_profiles/admin/duplicates.html"
    page_title = gettext_lazy("Hồ sơ có thể trùng")
    header_icon = "group"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        citizens = _editable_citizens(self.request.user)
        page_obj = Paginator(duplicate_keys(citizens), GROUPS_PER_PAGE).get_page(
            self.request.GET.get("p")
        )
        context["page_obj"] = page_obj
        context["groups"] = duplicate_groups(citizens, page_obj.object_list)
        return context


class MergeView(StaffOnlyMixin, WagtailAdminTemplateMixin, TemplateView):
    """GET ?giu=<kept id>&gop=<duplicate id>: both records side by side with what will
    move; POST merges."""

    template_name = "citizen_profiles/admin/merge_confirm.html"
    page_title = gettext_lazy("Gộp hai hồ sơ người học")
    header_icon = "group"

    def _pair(self, request):
        data = request.POST if request.method == "POST" else request.GET
        ids = [data.get("giu", ""), data.get("gop", "")]
        if not all(i.isdigit() for i in ids):
            raise Http404
        found = {
            c.pk: c
            for c in _editable_citizens(request.user)
            .select_related("ward", "residential_group", "user")
            .filter(pk__in=[int(i) for i in ids])
        }
        try:
            return found[int(ids[0])], found[int(ids[1])]
        except KeyError:
            raise Http404 from None

    def get(self, request, *args, **kwargs):
        self.target, self.source = self._pair(request)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            target=self.target,
            source=self.source,
            same_record=self.target.pk == self.source.pk,
            both_accounts=bool(self.target.user_id and self.source.user_id),
            target_counts=related_counts(self.target),
            source_counts=related_counts(self.source),
            swap_url=f"{reverse('citizen_duplicates:merge')}?giu={self.source.pk}&gop={self.target.pk}",
        )
        return context

    def post(self, request, *args, **kwargs):
        self.target, self.source = self._pair(request)
        try:
            stats = citizen_merge(source=self.source, target=self.target, by=request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            response = self.render_to_response(self.get_context_data())
            response.status_code = 400
            return response
        moved = sum(entry["moved"] for entry in stats.values())
        dropped = sum(entry["dropped"] for entry in stats.values())
        messages.success(
            request,
            _(
                "Đã gộp hồ sơ #%(source)s vào hồ sơ #%(target)s: chuyển %(moved)s mục, "
                "bỏ %(dropped)s mục trùng."
            )
            % {
                "source": self.source.pk,
                "target": self.target.pk,
                "moved": moved,
                "dropped": dropped,
            },
        )
        return redirect("citizen_profiles_citizen:inspect", self.target.pk)


class DuplicateViewSet(ViewSet):
    name = "citizen_duplicates"
    url_prefix = "citizen-profiles/duplicates"
    icon = "group"
    menu_label = gettext_lazy("Hồ sơ có thể trùng")
    add_to_admin_menu = False
    menu_item_class = MergeMenuItem

    def get_urlpatterns(self):
        return [
            path("", DuplicateIndexView.as_view(), name="index"),
            path("gop/", MergeView.as_view(), name="merge"),
        ]
