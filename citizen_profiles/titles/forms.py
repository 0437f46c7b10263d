"""The self-assessment form (resident, household head, representative; staff reuse it in
the admin step screen): one field per scored indicator of the evaluation's set."""

from django import forms
from django.utils.translation import gettext


class ScoresForm(forms.Form):
    def __init__(self, *args, indicators=(), evaluation=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicators = [i for i in indicators if not i.is_computed]
        scores = evaluation.scores if evaluation else {}
        for ind in self.indicators:
            old = scores.get(ind.code) or {}
            if ind.max_points is not None:
                self.fields[f"points_{ind.code}"] = forms.DecimalField(
                    label=f"{ind.code}. {ind.text}",
                    required=False,
                    min_value=0,
                    max_value=ind.max_points,
                    decimal_places=1,
                    initial=old.get("points"),
                    help_text=gettext("Từ 0 đến %(m)s điểm")
                    % {"m": f"{ind.max_points.normalize():f}"},
                )
            else:
                self.fields[f"met_{ind.code}"] = forms.BooleanField(
                    label=f"{ind.code}. {ind.text}",
                    required=False,
                    initial=bool(old.get("met")),
                )
            self.fields[f"evidence_{ind.code}"] = forms.CharField(
                label=gettext("Minh chứng cho %(code)s") % {"code": ind.code},
                required=False,
                max_length=500,
                initial=old.get("evidence", ""),
            )

    def entries(self) -> dict:
        out = {}
        for ind in self.indicators:
            entry = {"evidence": self.cleaned_data.get(f"evidence_{ind.code}", "")}
            if f"points_{ind.code}" in self.cleaned_data:
                entry["points"] = self.cleaned_data[f"points_{ind.code}"]
            elif f"met_{ind.code}" in self.cleaned_data:
                entry["met"] = self.cleaned_data[f"met_{ind.code}"]
            out[ind.code] = entry
        return out
