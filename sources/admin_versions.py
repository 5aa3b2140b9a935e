"""No lost edits in the admin: the second of two editors saving the same object is refused.

The change form carries the version the editor opened (a hidden field). Saving checks it
against the stored one and, when someone saved in between, refuses with what they changed; the
service's conditional UPDATE (versioning.py) catches the race between that check and the save.
"""

from django import forms
from django.contrib import messages
from django.http import HttpResponseRedirect
from django.utils import timezone
from django.utils.text import Truncator

from .versioning import StaleVersion, Versioned

FIELD = "version_read"
_QUIET_FIELDS = {"version", "updated_at", "updated_by"}


def changes_since(obj: Versioned, version: int, limit: int = 5) -> list[str]:
    """One line per recorded change after `version`: when, who, why, and which fields."""
    records = list(obj.history.filter(version__gt=version).order_by("-history_id")[:limit])
    lines = []
    for record in reversed(records):
        previous = record.prev_record
        changed = []
        if previous is not None:
            delta = record.diff_against(previous)
            for change in delta.changes:
                if change.field in _QUIET_FIELDS:
                    continue
                label = obj._meta.get_field(change.field).verbose_name
                value = Truncator(str(change.new if change.new is not None else "")).chars(60)
                changed.append(f"{label} → “{value}”")
        who = record.history_user.get_username() if record.history_user else "the system"
        when = timezone.localtime(record.history_date).strftime("%Y-%m-%d %H:%M")
        reason = record.history_change_reason or "Edited"
        lines.append(f"{when}, {who} ({reason}): " + ("; ".join(changed) or "no field changes"))
    return lines


def conflict_message(obj: Versioned, read: int) -> str:
    name = obj._meta.verbose_name
    current = type(obj)._base_manager.filter(pk=obj.pk).values_list("version", flat=True).first()
    head = (
        f"Someone else saved this {name} after you opened it (you opened version {read}, it "
        f"is now version {current}); your changes were not saved."
    )
    details = changes_since(obj, read)
    tail = f"Open the {name} again to see the current version, and apply your change there."
    return " ".join([head, *(f"Changed meanwhile: {line}." for line in details), tail])


class VersionedAdminForm(forms.ModelForm):
    """A model form that remembers which version the editor opened."""

    version_read = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields[FIELD].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        instance = self.instance
        if instance.pk is None or instance._state.adding:
            return cleaned
        read = cleaned.get(FIELD)
        if read is None:
            raise forms.ValidationError(
                "This form does not say which version it edits; open the page again.",
                code="version_missing",
            )
        stored = type(instance)._base_manager.filter(pk=instance.pk)
        if not stored.filter(version=read).exists():
            raise forms.ValidationError(conflict_message(instance, read), code="stale")
        instance.version = read  # the service's conditional UPDATE checks it again
        return cleaned


class VersionedAdminMixin:
    """For the admins (and inlines) of versioned models: the form above, its hidden field in
    the page, and a refusal message when a save loses the race."""

    form = VersionedAdminForm

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if any(FIELD in (options.get("fields") or ()) for _name, options in fieldsets):
            return fieldsets
        (name, options), *rest = fieldsets
        return [(name, {**options, "fields": [*options.get("fields", ()), FIELD]}), *rest]

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except StaleVersion as error:
            obj = error.model._base_manager.filter(pk=error.pk).first()
            message = conflict_message(obj, error.expected or 0) if obj else str(error)
            self.message_user(request, message, messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())
