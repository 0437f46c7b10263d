"""Public and residents' pages of the titles: verification (public, rate-limited), the
certificate (print page and PDF), the Open Badges 3.0 credential, the issuer's profile and
public keys, and the holder's consent to show their full name."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_ratelimit.decorators import ratelimit

from citizen_profiles.groups.models import HouseholdMembership

from . import badges, certificates
from . import permissions as perms
from .forms import ScoresForm
from .models import CriteriaSet, Evaluation, normalize_verification_code
from .selectors import evaluation_by_code, ordered_indicators, public_holder
from .services import evaluation_set_name_consent, evaluation_start, evaluation_submit

VERIFY_RATE = "30/m"


def _too_many(request):
    response = render(request, "citizen_titles/too_many.html", status=429)
    response["Retry-After"] = "60"
    return response


@ratelimit(key="ip", rate=VERIFY_RATE, method=["GET", "POST"], block=False, group="titles-verify")
@require_http_methods(["GET", "POST"])
def verify_form(request):
    """A form to type a code from a paper certificate."""
    if getattr(request, "limited", False):
        return _too_many(request)
    code = normalize_verification_code(request.POST.get("code") or request.GET.get("code"))
    if code:
        return redirect("citizen_titles:verify", code=code)
    return render(request, "citizen_titles/verify_form.html")


@ratelimit(key="ip", rate=VERIFY_RATE, method="GET", block=False, group="titles-verify")
@require_GET
def verify(request, code: str):
    """Title, year, issuer, decision, the holder's initials (full name with consent), valid
    or revoked; nothing else. Unknown codes answer 404."""
    if getattr(request, "limited", False):
        return _too_many(request)
    evaluation = evaluation_by_code(code)
    if evaluation is None:
        raise Http404
    context = {
        "evaluation": evaluation,
        "holder": public_holder(evaluation),
        "issuer": evaluation.criteria_set.issuer,
        "valid": evaluation.status == Evaluation.Status.RECOGNISED,
    }
    response = render(request, "citizen_titles/verify.html", context)
    response["X-Robots-Tag"] = "noindex"
    return response


def _may_see(user, evaluation) -> bool:
    if perms.is_subject_representative(user, evaluation):
        return True
    if evaluation.kind == "household" and user.is_authenticated:
        if (
            HouseholdMembership.objects.current()
            .filter(household_id=evaluation.household_id, citizen__user=user)
            .exists()
        ):
            return True
    return perms.has_step_permission(user, "view_evaluation") and perms.in_scope(
        user, evaluation.ward_id
    )


def _certificate(request, pk: int) -> Evaluation:
    evaluation = get_object_or_404(
        Evaluation.objects.select_related("criteria_set", "citizen", "household", "clan", "unit"),
        pk=pk,
        status__in=(Evaluation.Status.RECOGNISED, Evaluation.Status.REVOKED),
    )
    if not _may_see(request.user, evaluation):
        raise Http404
    return evaluation


@login_required
def certificate_page(request, pk: int):
    evaluation = _certificate(request, pk)
    data = certificates.certificate_data(evaluation)
    return render(
        request,
        "citizen_titles/certificate.html",
        {"evaluation": evaluation, "data": data, "qr": certificates.qr_svg(data["url"])},
    )


@login_required
def certificate_pdf(request, pk: int):
    evaluation = _certificate(request, pk)
    response = HttpResponse(
        certificates.certificate_pdf(evaluation), content_type="application/pdf"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="chung-nhan-{evaluation.kind}-{evaluation.year}-{evaluation.pk}.pdf"'
    )
    return response


@login_required
def badge(request, pk: int):
    evaluation = _certificate(request, pk)
    if evaluation.status != Evaluation.Status.RECOGNISED:
        raise Http404
    response = HttpResponse(badges.signed_credential(evaluation), content_type="application/vc+jwt")
    response["Content-Disposition"] = (
        f'attachment; filename="open-badge-{evaluation.kind}-{evaluation.year}.jwt"'
    )
    return response


@login_required
@require_POST
def name_consent(request, pk: int):
    evaluation = _certificate(request, pk)
    try:
        evaluation_set_name_consent(
            evaluation=evaluation, by=request.user, show_full_name=request.POST.get("show") == "1"
        )
    except PermissionDenied as exc:
        raise Http404 from exc
    return redirect(reverse("citizen_titles:certificate", kwargs={"pk": pk}))


@login_required
@require_POST
def self_assessment_start(request):
    """Start (or reopen) this year's Citizen Learner evaluation of the signed-in resident."""
    from citizen_profiles.selectors import citizen_for_user

    citizen = citizen_for_user(request.user)
    if citizen is None:
        raise Http404
    try:
        evaluation = evaluation_start(
            kind="citizen", subject=citizen, year=timezone.localdate().year, by=request.user
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("citizen_profiles:profile")
    return redirect("citizen_titles:self_assessment", pk=evaluation.pk)


@login_required
@require_http_methods(["GET", "POST"])
def self_assessment(request, pk: int):
    """The self-assessment of an evaluation the user represents (the resident, the household
    head, the clan's or unit's representative)."""
    evaluation = get_object_or_404(Evaluation.objects.select_related("criteria_set"), pk=pk)
    if not perms.is_subject_representative(request.user, evaluation):
        raise Http404
    indicators = ordered_indicators(evaluation.criteria_set)
    editable = evaluation.status in (Evaluation.Status.DRAFT, Evaluation.Status.RETURNED)
    form = ScoresForm(
        request.POST if request.method == "POST" and editable else None,
        indicators=indicators,
        evaluation=evaluation,
    )
    if request.method == "POST" and editable and form.is_valid():
        try:
            evaluation_submit(evaluation=evaluation, entries=form.entries(), by=request.user)
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("Đã nộp phiếu tự đánh giá."))
            return redirect("citizen_titles:self_assessment", pk=pk)
    computed = [
        (i, (evaluation.scores or {}).get(i.code) or {}) for i in indicators if i.is_computed
    ]
    return render(
        request,
        "citizen_titles/self_assessment.html",
        {"evaluation": evaluation, "form": form, "editable": editable, "computed": computed},
    )


@require_GET
def issuer(request):
    return JsonResponse(badges.issuer_profile(), json_dumps_params={"ensure_ascii": False})


@require_GET
def jwks(request):
    return JsonResponse(badges.jwks())


@require_GET
def achievement(request, key: str):
    cs = CriteriaSet.objects.filter(key=key).order_by("-version").first()
    if cs is None:
        raise Http404
    data = {
        "@context": badges.OB_CONTEXT,
        "id": request.build_absolute_uri(),
        "type": ["Achievement"],
        "name": cs.get_kind_display(),
        "description": cs.name,
        "criteria": {"narrative": cs.pass_rule_text or cs.issuing_document},
        "creator": {"id": badges.issuer_url(), "type": ["Profile"]},
    }
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})
