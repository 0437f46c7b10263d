"""Residents' account pages under /tai-khoan/: thin views that validate, call a service and
render. Sign-in, sign-up and claim attempts are rate-limited per client IP (django-ratelimit);
a limited request gets a Vietnamese page with HTTP 429."""

import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_ratelimit.decorators import ratelimit

from cms.phone import normalize_vn_mobile

from . import selectors, services
from .forms import (
    ClaimForm,
    DeletionRequestForm,
    ProfileForm,
    ResidentPasswordResetForm,
    ResidentSetPasswordForm,
    SignInForm,
    SignUpForm,
)
from .models.citizen import MIN_BIRTH_YEAR
from .privacy import PRIVACY_NOTICE_VERSION

BACKEND = "cms.auth_backends.EmailOrPhoneBackend"


def _rate(setting: str, default: str):
    """A rate read from settings at request time, so deployments and tests can change it."""

    def rate(group, request):
        return getattr(settings, setting, default)

    return rate


# Per IP the limits leave room for a class signing in together on a centre's Wi-Fi; the
# per-account limit is what stops guessing one resident's password.
SIGNIN_RATE = _rate("CITIZEN_SIGNIN_RATE", "30/m")
SIGNIN_ACCOUNT_RATE = _rate("CITIZEN_SIGNIN_ACCOUNT_RATE", "5/m")
SIGNUP_RATE = _rate("CITIZEN_SIGNUP_RATE", "30/h")
CLAIM_RATE = _rate("CITIZEN_CLAIM_RATE", "20/h")
PASSWORD_RESET_RATE = _rate("CITIZEN_PASSWORD_RESET_RATE", "10/h")


def login_key(group, request) -> str:
    """The submitted login in one form, so "+84 912..." and "0912..." count together."""
    raw = (request.POST.get("username") or "").strip()
    return normalize_vn_mobile(raw) or raw.lower()


def too_many_attempts(request):
    response = render(request, "citizen_profiles/too_many_attempts.html", status=429)
    response["Retry-After"] = "60"
    return response


def _limited(request) -> bool:
    return getattr(request, "limited", False)


def _apply_errors(form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: dict errors on their fields."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def privacy_notice(request):
    return render(
        request,
        "citizen_profiles/privacy_notice.html",
        {"notice_version": PRIVACY_NOTICE_VERSION},
    )


@ratelimit(key="ip", rate=SIGNUP_RATE, method="POST", block=False, group="citizen-signup")
@require_http_methods(["GET", "POST"])
def signup(request):
    if request.user.is_authenticated:
        return redirect("citizen_profiles:profile")
    if request.method == "POST":
        if _limited(request):
            return too_many_attempts(request)
        form = SignUpForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                citizen = services.citizen_register(
                    full_name=data["full_name"],
                    birth_year=data["birth_year"],
                    ward=data["ward"],
                    password=data["password1"],
                    phone=data["phone"],
                    email=data["email"],
                    notice_version=PRIVACY_NOTICE_VERSION,
                    claim_code=data["claim_code"],
                )
            except ValidationError as error:
                _apply_errors(form, error)
                form._set_aria()
            else:
                login(request, citizen.user, backend=BACKEND)
                messages.success(request, _("Đã tạo tài khoản. Chào mừng bạn!"))
                return redirect("citizen_profiles:profile")
    else:
        form = SignUpForm()
    return render(
        request,
        "citizen_profiles/signup.html",
        {"form": form, "notice_version": PRIVACY_NOTICE_VERSION},
    )


@method_decorator(
    ratelimit(key="ip", rate=SIGNIN_RATE, method="POST", block=False, group="citizen-signin"),
    name="dispatch",
)
@method_decorator(
    ratelimit(
        key=login_key,
        rate=SIGNIN_ACCOUNT_RATE,
        method="POST",
        block=False,
        group="citizen-signin-account",
    ),
    name="dispatch",
)
class SignInView(auth_views.LoginView):
    template_name = "registration/login.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        if _limited(request):
            return too_many_attempts(request)
        return super().post(request, *args, **kwargs)

    def get_default_redirect_url(self):
        return reverse("citizen_profiles:profile")


class SignOutView(auth_views.LogoutView):
    http_method_names = ["post", "options"]
    next_page = "/"

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        messages.info(request, _("Bạn đã đăng xuất."))
        return response


@method_decorator(
    ratelimit(
        key="ip", rate=PASSWORD_RESET_RATE, method="POST", block=False, group="citizen-reset"
    ),
    name="dispatch",
)
class ResidentPasswordResetView(auth_views.PasswordResetView):
    form_class = ResidentPasswordResetForm
    template_name = "registration/password_reset_form.html"
    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"
    success_url = reverse_lazy("citizen_profiles:password_reset_done")

    def post(self, request, *args, **kwargs):
        if _limited(request):
            return too_many_attempts(request)
        return super().post(request, *args, **kwargs)


class ResidentPasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "registration/password_reset_done.html"


class ResidentPasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = ResidentSetPasswordForm
    template_name = "registration/password_reset_confirm.html"
    success_url = reverse_lazy("citizen_profiles:password_reset_complete")


class ResidentPasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "registration/password_reset_complete.html"


def _no_profile(request):
    if request.user.has_perm("wagtailadmin.access_admin"):
        # Staff accounts have no learner record: their account lives in the admin, not on
        # the residents' claim page.
        return redirect("wagtailadmin_account")
    messages.info(
        request,
        _("Tài khoản này chưa có hồ sơ người học. Nếu bạn có mã nhận hồ sơ, hãy nhập mã bên dưới."),
    )
    return redirect("citizen_profiles:claim")


@login_required
def profile(request):
    citizen = selectors.citizen_for_user(request.user)
    if citizen is None:
        return _no_profile(request)
    year = timezone.localdate().year
    records = list(selectors.participation_log(citizen=citizen)[:200])
    return render(
        request,
        "citizen_profiles/profile.html",
        {
            "citizen": citizen,
            "records": records,
            "year": year,
            "hours_this_year": selectors.hours_in_year(citizen=citizen, year=year),
            "panels": selectors.dashboard_panels(citizen=citizen, request=request),
            "consents": list(citizen.consents.all()[:5]),
        },
    )


# --- "My learning" ------------------------------------------------------------------------

MY_LEARNING_PAGE_SIZE = 20
PRINT_MAX_RECORDS = 1000


def _private(response):
    # A resident's record: never stored by a shared cache, a proxy or the browser's disk.
    response["Cache-Control"] = "private, no-store"
    return response


def _learning_year(request) -> int:
    """The year asked for (?nam=2025); this year when missing or not a year we could hold."""
    this_year = timezone.localdate().year
    try:
        year = int(request.GET.get("nam", ""))
    except ValueError:
        return this_year
    return year if MIN_BIRTH_YEAR <= year <= this_year else this_year


def _learning_context(request, citizen, year: int) -> dict:
    return {
        "citizen": citizen,
        "year": year,
        "summary": selectors.learning_by_month(citizen=citizen, year=year),
        "years": selectors.record_years(citizen=citizen),
    }


@login_required
@require_http_methods(["GET"])
def my_learning(request):
    """ "Học tập của tôi": hours this year and by month, every record with its source,
    and the sections other concerns add (`my_learning_panels` hook)."""
    citizen = selectors.citizen_for_user(request.user)
    if citizen is None:
        return _no_profile(request)
    year = _learning_year(request)
    paginator = Paginator(
        selectors.participation_log(citizen=citizen, year=year), MY_LEARNING_PAGE_SIZE
    )
    page_obj = paginator.get_page(request.GET.get("page"))
    context = _learning_context(request, citizen, year) | {
        "page_obj": page_obj,
        "records": selectors.with_sources(page_obj.object_list, request=request),
        "page_query": f"nam={year}",
        "panels": selectors.my_learning_panels(citizen=citizen, request=request, year=year),
    }
    return _private(render(request, "citizen_profiles/my_learning.html", context))


@login_required
@require_http_methods(["GET"])
def my_learning_print(request):
    """The year's summary on one page, to print or save as PDF."""
    citizen = selectors.citizen_for_user(request.user)
    if citizen is None:
        return _no_profile(request)
    year = _learning_year(request)
    records = selectors.participation_log(citizen=citizen, year=year)[:PRINT_MAX_RECORDS]
    context = _learning_context(request, citizen, year) | {
        "records": selectors.with_sources(records, request=request),
        "printed_at": timezone.localtime(),
    }
    return _private(render(request, "citizen_profiles/my_learning_print.html", context))


@login_required
@require_http_methods(["GET"])
def my_learning_xapi(request):
    """The resident's record as xAPI 1.0.3 statements (a JSON array)."""
    citizen = selectors.citizen_for_user(request.user)
    if citizen is None:
        return _no_profile(request)
    statements = selectors.citizen_xapi_statements(citizen=citizen, request=request)
    response = HttpResponse(
        json.dumps(statements, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="hoc-tap-xapi.json"'
    return _private(response)


@login_required
@require_http_methods(["GET", "POST"])
def profile_edit(request):
    citizen = selectors.citizen_for_user(request.user)
    if citizen is None:
        return _no_profile(request)
    if request.method == "POST":
        form = ProfileForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.citizen_update_profile(
                    citizen=citizen,
                    full_name=data["full_name"],
                    birth_year=data["birth_year"],
                    ward=data["ward"],
                    phone=data["phone"],
                    email=data["email"],
                )
            except ValidationError as error:
                _apply_errors(form, error)
                form._set_aria()
            else:
                messages.success(request, _("Đã lưu thông tin của bạn."))
                return redirect("citizen_profiles:profile")
    else:
        form = ProfileForm(
            initial={
                "full_name": citizen.full_name,
                "birth_year": citizen.birth_year,
                "ward": citizen.ward_id,
                "phone": request.user.phone or "",
                "email": request.user.email or "",
            }
        )
    return render(request, "citizen_profiles/profile_edit.html", {"form": form})


@ratelimit(key="ip", rate=CLAIM_RATE, method="POST", block=False, group="citizen-claim")
@login_required
@require_http_methods(["GET", "POST"])
def claim(request):
    if request.method == "POST":
        if _limited(request):
            return too_many_attempts(request)
        form = ClaimForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.citizen_claim(
                    user=request.user,
                    code=data["claim_code"],
                    full_name=data["full_name"],
                    birth_year=data["birth_year"],
                )
            except ValidationError as error:
                _apply_errors(form, error)
                form._set_aria()
            else:
                messages.success(request, _("Đã nhận hồ sơ học tập vào tài khoản của bạn."))
                return redirect("citizen_profiles:profile")
    else:
        form = ClaimForm()
    return render(request, "citizen_profiles/claim.html", {"form": form})


@login_required
@require_http_methods(["GET"])
def data_export(request):
    citizen = selectors.citizen_for_user(request.user)
    if citizen is None:
        return _no_profile(request)
    payload = selectors.citizen_data_export(citizen=citizen)
    response = HttpResponse(
        json.dumps(payload, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="du-lieu-cua-toi.json"'
    return _private(response)


@login_required
@require_http_methods(["GET", "POST"])
def deletion_request(request):
    citizen = selectors.citizen_for_user(request.user)
    if citizen is None:
        return _no_profile(request)
    if request.method == "POST":
        form = DeletionRequestForm(request.POST)
        if form.is_valid():
            services.citizen_request_deletion(citizen=citizen, reason=form.cleaned_data["reason"])
            messages.success(
                request,
                _(
                    "Đã ghi nhận yêu cầu xóa tài khoản. Cán bộ sẽ xử lý và báo lại cho bạn "
                    "trong thời hạn luật định."
                ),
            )
            return redirect("citizen_profiles:profile")
    else:
        form = DeletionRequestForm()
    return render(request, "citizen_profiles/deletion_request.html", {"form": form})
