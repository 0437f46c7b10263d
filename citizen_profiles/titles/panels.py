"""The titles' panel on the resident's "My learning" page (`my_learning_panels` hook of the
record contract): this year's Citizen Learner progress indicator by indicator with what is
still missing, the household's status, and the certificates. A constant number of queries."""

from django.utils import timezone

from .selectors import certificates_for_citizen, citizen_progress, household_status


def titles_panel(citizen, request, year=None):
    year = year or timezone.localdate().year
    return {
        "template": "citizen_titles/my_learning_panel.html",
        "context": {
            "progress": citizen_progress(citizen=citizen, year=year),
            "household": household_status(citizen=citizen, year=year),
            "certificates": list(certificates_for_citizen(citizen=citizen)),
        },
        "order": 40,
    }
