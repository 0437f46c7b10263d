"""The resident's declaration pages under /tai-khoan/khai-bao/ and the one view that serves
evidence files (to the owner and to staff of the resident's ward; 404 for anyone else)."""

import os

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from .. import selectors as citizen_selectors
from ..models import Declaration
from ..views import _apply_errors, _no_profile
from . import selectors, services
from .forms import DeclarationForm

PAGE_SIZE = 20


@login_required
@require_http_methods(["GET"])
def declaration_list(request):
    citizen = citizen_selectors.citizen_for_user(request.user)
    if citizen is None:
        return _no_profile(request)
    page = Paginator(selectors.declarations_for_citizen(citizen=citizen), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "citizen_profiles/declarations/list.html",
        {"page_obj": page, "declarations": list(page.object_list)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def declaration_new(request):
    citizen = citizen_selectors.citizen_for_user(request.user)
    if citizen is None:
        return _no_profile(request)
    if request.method == "POST":
        form = DeclarationForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.declaration_submit(
                    citizen=citizen,
                    kind=data["kind"],
                    title=data["title"],
                    date=data["date"],
                    hours=data["hours"],
                    provider=data["provider"],
                    evidence_file=data["evidence_file"],
                    evidence_url=data["evidence_url"],
                    by=request.user,
                )
            except ValidationError as error:
                _apply_errors(form, error)
                form._set_aria()
            else:
                messages.success(
                    request,
                    _("Đã gửi khai báo. Cán bộ phường/xã sẽ xem xét và xác nhận."),
                )
                return redirect("citizen_profiles:declarations")
    else:
        form = DeclarationForm()
    return render(request, "citizen_profiles/declarations/new.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def declaration_withdraw(request, pk: int):
    declaration = selectors.declaration_for_owner(user=request.user, pk=pk)
    if declaration is None:
        raise Http404
    if request.method == "POST":
        try:
            services.declaration_withdraw(declaration=declaration, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, _("Đã rút khai báo “%(title)s”.") % {"title": declaration.title}
            )
        return redirect("citizen_profiles:declarations")
    if not declaration.can_be_withdrawn:
        messages.error(request, _("Khai báo này đã bị từ chối hoặc đã rút, không rút được nữa."))
        return redirect("citizen_profiles:declarations")
    return render(
        request, "citizen_profiles/declarations/withdraw.html", {"declaration": declaration}
    )


@require_http_methods(["GET", "HEAD"])
def declaration_evidence(request, pk: int):
    """Stream one evidence file. Nobody but the owner and staff of the resident's ward
    learns whether it exists: everyone else (signed in or not) gets 404."""
    declaration = (
        Declaration.objects.select_related("citizen")
        .filter(pk=pk)
        .exclude(evidence_file="")
        .first()
    )
    if declaration is None or not selectors.can_view_evidence(request.user, declaration):
        raise Http404
    try:
        handle = declaration.evidence_file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    ext = os.path.splitext(declaration.evidence_file.name)[1]
    response = FileResponse(
        handle,
        content_type=declaration.evidence_content_type or "application/octet-stream",
        as_attachment=request.GET.get("tai") == "1",
        filename=f"minh-chung-{declaration.pk}{ext}",
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    response["Referrer-Policy"] = "no-referrer"
    return response
