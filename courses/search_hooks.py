"""What search shows and filters for a course (search/registry.py): search knows no app, so
courses tells it the centre, ward, topics, audience and delivery mode of a course when it is
indexed, and the next session and seats left when it is listed."""

from django.utils.translation import gettext as _
from wagtail import hooks

from courses.models import CoursePage

KIND = CoursePage._meta.label_lower

# Words residents use for an audience besides its label ("người già" for "Người cao tuổi").
AUDIENCE_WORDS = {
    CoursePage.Audience.CHILDREN: "thiếu nhi học sinh trẻ con",
    CoursePage.Audience.YOUTH: "thanh niên thiếu niên học sinh sinh viên",
    CoursePage.Audience.ADULTS: "người trưởng thành",
    CoursePage.Audience.ELDERLY: "người già hưu trí",
    CoursePage.Audience.WORKERS: "công nhân",
    CoursePage.Audience.WOMEN: "chị em",
}


@hooks.register("search_document")
def course_search_document(page):
    if not isinstance(page, CoursePage):
        return None
    centre = page.centre
    ward = centre.ward if centre is not None else None
    topics = [(tag.slug, tag.name) for tag in page.topics.all()]
    audience_label = page.get_audience_display()
    mode_label = page.get_delivery_mode_display()
    text = [
        _("Khóa học"),
        page.summary,
        page.instructor,
        page.location,
        *(name for _slug, name in topics),
        str(audience_label),
        AUDIENCE_WORDS.get(page.audience, ""),
        str(mode_label),
    ]
    meta = []
    if centre is not None:
        text.append(centre.title)
        meta.append(centre.title)
    if ward is not None:
        text.append(ward.name_with_type)
        meta.append(ward.name_with_type)
    return {
        "ward": (ward.code, ward.name_with_type) if ward else None,
        "topics": topics,
        "audience": (page.audience, str(audience_label)),
        "delivery_mode": (page.delivery_mode, str(mode_label)),
        "date": page.next_session_date,
        "text": " ".join(part for part in text if part),
        "meta": meta,
        # Residents search mostly for courses: the same words rank a course above a news item.
        "boost": 1.5,
    }


@hooks.register("search_result_cards")
def course_search_cards(kind, page_ids):
    """Next session and seats left for the courses on a results page, in one query (the
    same seat count as the catalogue: courses.selectors.with_seats_left)."""
    if kind != KIND:
        return {}
    from courses.selectors import with_seats_left

    rows = with_seats_left(CoursePage.objects.filter(pk__in=page_ids)).values_list(
        "pk", "next_session_date", "next_session_start", "seats_left_cache"
    )
    lines = {}
    for pk, day, start, seats in rows:
        card = []
        if day:
            when = day.strftime("%d/%m/%Y") + (f" {start.strftime('%H:%M')}" if start else "")
            card.append(_("Buổi tới: %(when)s") % {"when": when})
        else:
            card.append(_("Không còn buổi học sắp tới"))
        card.append(_("Còn %(n)s chỗ") % {"n": seats} if seats else _("Hết chỗ"))
        lines[pk] = card
    return lines
