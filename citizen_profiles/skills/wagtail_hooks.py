from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from . import selectors, services
from .viewsets import DigitalSkillsViewSetGroup


@hooks.register("register_admin_viewset")
def register_viewsets():
    return DigitalSkillsViewSetGroup()


@hooks.register("my_learning_panels")
def digital_skills_panel(citizen, request, year):
    """ "My learning": skills attained (with source and date) and still missing."""
    overview = selectors.skills_overview(citizen=citizen)
    if overview is None:
        return None
    return {"template": "citizen_skills/my_learning_panel.html", "context": overview, "order": 40}


@hooks.register("citizen_declaration_status_changed")
def declaration_changed(declaration, by):
    """A national-platform certificate verified (or no longer verified) adds (or removes)
    the skills it evidences; called by the declaration services inside their transaction."""
    services.declaration_attainments_sync(declaration=declaration, by=by)


@hooks.register("citizen_data_export")
def export_digital_skills(citizen):
    rows = (
        citizen.digital_skill_attainments.select_related("skill__framework")
        .order_by("attained_on", "pk")
        .values_list(
            "skill__code", "skill__name", "skill__framework__version", "attained_on", "source"
        )
    )
    return (
        "digital_skills",
        [
            {
                "skill": code,
                "name": name,
                "framework_version": version,
                "attained_on": day.isoformat(),
                "source": source,
            }
            for code, name, version, day, source in rows
        ],
    )


@hooks.register("register_log_actions")
def register_skills_log_actions(actions):
    actions.register_action(
        "citizen_skills.attain", _("Ghi nhận kỹ năng số"), _("Đã ghi nhận kỹ năng số")
    )
    actions.register_action(
        "citizen_skills.withdraw", _("Rút ghi nhận kỹ năng số"), _("Đã rút ghi nhận kỹ năng số")
    )
    actions.register_action(
        "citizen_skills.framework_version",
        _("Tạo phiên bản khung kỹ năng số"),
        _("Đã tạo phiên bản khung kỹ năng số"),
    )
    actions.register_action(
        "citizen_skills.framework_current",
        _("Áp dụng khung kỹ năng số"),
        _("Đã áp dụng khung kỹ năng số"),
    )
