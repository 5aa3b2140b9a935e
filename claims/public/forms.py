"""The public search form: every filter validated, so bad input is a form error, not a 500."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sources.models import Outlet
from sources.text import clean_text

from ..models import Claim, Credibility, Speaker

KIND_CHOICES = [
    ("", _("Everything")),
    ("claim", _("Claims")),
    ("source", _("Sources")),
    ("speaker", _("Speakers")),
    ("outlet", _("Outlets")),
]
ALL_KINDS = ("claim", "source", "speaker", "outlet")


class SpeakerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Speaker) -> str:
        return obj.name


class SearchForm(forms.Form):
    """GET search: words, plus optional filters by outlet, speaker, kind, grade and date."""

    q = forms.CharField(
        label=_("Search for"),
        max_length=200,
        required=False,
        strip=True,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("e.g. memorandum, Peskov, TASS")}
        ),
    )
    kind = forms.ChoiceField(label=_("Show"), choices=KIND_CHOICES, required=False)
    outlet = forms.ModelChoiceField(
        label=_("Outlet"),
        queryset=Outlet.objects.order_by("name").only("pk", "name"),
        required=False,
        empty_label=_("Any outlet"),
    )
    speaker = SpeakerChoiceField(
        label=_("Speaker"),
        # Only speakers with something public to find.
        queryset=Speaker.objects.filter(pk__in=Claim.objects.published().values("speaker_id")).only(
            "pk", "name"
        ),
        required=False,
        empty_label=_("Any speaker"),
    )
    credibility_max = forms.TypedChoiceField(
        label=_("Credibility at most"),
        help_text=_("1 is confirmed, 6 cannot be judged: 3 keeps grades 1 to 3."),
        choices=[("", _("Any grade")), *Credibility.choices],
        coerce=int,
        empty_value=None,
        required=False,
    )
    date_from = forms.DateField(
        label=_("Stated from"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("YYYY-MM-DD"),
    )
    date_to = forms.DateField(
        label=_("Stated until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("YYYY-MM-DD"),
    )

    def clean_q(self) -> str:
        return clean_text(self.cleaned_data.get("q"))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end date is before the start date."))
        return data

    def has_criteria(self) -> bool:
        """Whether there is anything to search for (words or a filter)."""
        return any(self.cleaned_data.get(name) not in (None, "") for name in self.fields)

    def kinds(self) -> tuple[str, ...]:
        kind = self.cleaned_data.get("kind")
        return (kind,) if kind else ALL_KINDS

    def filters(self) -> dict[str, Any]:
        """The engine's filters dict: ids, grades and dates; unset ones left out."""
        data = self.cleaned_data
        values = {
            "outlet": data["outlet"].pk if data.get("outlet") else None,
            "speaker": data["speaker"].pk if data.get("speaker") else None,
            "credibility_max": data.get("credibility_max"),
            "date_from": data.get("date_from"),
            "date_to": data.get("date_to"),
        }
        return {k: v for k, v in values.items() if v is not None}
