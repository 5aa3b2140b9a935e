"""The admin's "Import article" page: paste or upload an article, review its statements, import.

Step 1 (ArticleForm) reads the text and shows the review screen: each extracted statement with
its speaker and outlet as found on file or new, to accept, edit or reject. The text and the
import's settings travel to step 2 in a signed token (django.core.signing), so nothing is stored
between the steps and nothing the browser sends back is trusted: step 2 checks the signature,
extracts the statements again and compares them with what was reviewed, then hands the choices
to the same service as the import_article command, which writes everything or nothing.
"""

from datetime import date

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import AutocompleteSelect
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import urlencode

from sources.models import Outlet

from ..intake import files
from ..intake.importer import ImportPreview, ImportResult, article_import, article_preview
from ..models import Claim

SALT = "claims.admin.import_article"
MAX_AGE = 12 * 60 * 60  # seconds a review stays valid: a working day, not forever
MAX_STATEMENTS = 300  # a review page past this would exceed Django's limit on POST fields
DECISIONS = [("accept", "Accept"), ("edit", "Edit"), ("reject", "Reject")]


class ArticleForm(forms.Form):
    """Step 1: the article (pasted or uploaded) and where it was published."""

    outlet = forms.ModelChoiceField(
        Outlet.objects.all(),
        required=False,
        label="Outlet on file",
        widget=AutocompleteSelect(Claim._meta.get_field("outlet"), admin.site),
    )
    outlet_name = forms.CharField(
        max_length=200,
        required=False,
        label="or the outlet's name",
        help_text="Found by name if on file; a new outlet is created and marked for review. "
        "Not needed when the URL's domain belongs to an outlet on file.",
    )
    url = forms.URLField(max_length=2000, required=False, label="URL", assume_scheme="https")
    published = forms.DateField(
        required=False, widget=forms.DateInput(attrs={"type": "date"}), label="Published on"
    )
    title = forms.CharField(
        max_length=500, required=False, help_text="Default: the article's first line."
    )
    text = forms.CharField(
        required=False,
        strip=False,
        label="Paste the text",
        widget=forms.Textarea(attrs={"rows": 14, "cols": 100}),
    )
    file = forms.FileField(
        required=False,
        label="or upload a file",
        help_text="A UTF-8 .txt file, or an .html page (its article text is extracted). "
        f"At most {files.MAX_BYTES // (1024 * 1024)} MB.",
        widget=forms.ClearableFileInput(attrs={"accept": ".txt,.html,.htm"}),
    )

    preview: ImportPreview | None = None

    def clean(self) -> dict:
        data = super().clean()
        if self.errors:
            return data
        outlet, name = data.get("outlet"), data.get("outlet_name", "").strip()
        if outlet and name:
            raise ValidationError("Choose an outlet on file or type a name, not both.")
        data["outlet_name"] = outlet.name if outlet else name
        text_field = self._read_text(data)
        if text_field is None:
            return data
        try:
            self.preview = article_preview(
                text=data["text"], outlet_name=data["outlet_name"], url=data.get("url", "")
            )
        except ValidationError as error:
            self._add_service_error(error, text_field)
            return data
        if len(self.preview.statements) > MAX_STATEMENTS:
            self.add_error(
                text_field,
                f"{len(self.preview.statements)} statements are too many to review on one page "
                f"(at most {MAX_STATEMENTS}); import it with manage.py import_article.",
            )
        return data

    def _read_text(self, data: dict) -> str | None:
        """Put the article text in data["text"]; return the field it came from, or None."""
        pasted, upload = data.get("text") or "", data.get("file")
        if upload and pasted.strip():
            self.add_error("file", "Paste the text or upload a file, not both.")
            return None
        if not upload and not pasted.strip():
            self.add_error("text", "Paste the article's text or upload a .txt or .html file.")
            return None
        if pasted.strip():
            return "text"
        try:
            data["text"] = files.read_upload(upload, max_bytes=files.MAX_BYTES)
        except files.BadArticleFile as error:
            self.add_error("file", f"{upload.name}: {error}.")
            return None
        return "file"

    def _add_service_error(self, error: ValidationError, text_field: str) -> None:
        """Show the service's refusal on the field it names (the text may come from a file)."""
        if not hasattr(error, "error_dict"):
            self.add_error(None, error)
            return
        for field, errors in error.error_dict.items():
            field = text_field if field == "text" else field
            self.add_error(field if field in self.fields else None, errors)


def _normalized(value: str) -> str:
    """Text as compared for "was it changed": browsers send line breaks as CR LF."""
    return " ".join((value or "").split())


class StatementForm(forms.Form):
    """Step 2, one row: what to do with one extracted statement."""

    decision = forms.ChoiceField(choices=DECISIONS, widget=forms.RadioSelect, initial="accept")
    speaker_name = forms.CharField(max_length=200, label="speaker")
    text = forms.CharField(label="claim text", widget=forms.Textarea(attrs={"rows": 3, "cols": 60}))

    def clean_text(self) -> str:
        return self.cleaned_data["text"].replace("\r\n", "\n")

    def clean(self) -> dict:
        data = super().clean()
        edited = any(
            _normalized(data.get(name, "")) != _normalized(self.initial.get(name, ""))
            for name in ("speaker_name", "text")
            if name in data
        )
        # Accept takes the statement as extracted: changes in the boxes would be lost unseen.
        if data.get("decision") == "accept" and edited:
            raise ValidationError("You changed this statement: choose Edit to keep the changes.")
        return data


StatementFormSet = forms.formset_factory(
    StatementForm, extra=0, max_num=MAX_STATEMENTS, absolute_max=MAX_STATEMENTS
)


def _dump(state: dict) -> str:
    return signing.dumps(state, salt=SALT, compress=True)


def _sign(form: ArticleForm, user_pk: int) -> str:
    """The token that carries step 1 to step 2: the text as checked and the import's settings."""
    data = form.cleaned_data
    published = data.get("published")
    return _dump(
        {
            "user": user_pk,
            "text": form.preview.text,
            "outlet_name": data["outlet_name"],
            "url": data.get("url") or "",
            "title": data.get("title") or "",
            "published": published.isoformat() if published else None,
            "digest": form.preview.digest,
        }
    )


def _unsign(token: str, user_pk: int) -> dict | None:
    """The state carried from step 1, or None when the token is forged, stale or not the user's."""
    try:
        state = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    except signing.BadSignature:  # SignatureExpired is one
        return None
    return state if isinstance(state, dict) and state.get("user") == user_pk else None


def _initial(preview: ImportPreview) -> list[dict]:
    return [
        {"decision": "accept", "speaker_name": s.speaker_name, "text": s.text}
        for s in preview.statements
    ]


def _context(model_admin, request: HttpRequest, title: str, **extra) -> dict:
    return {
        **model_admin.admin_site.each_context(request),
        "title": title,
        "opts": Claim._meta,
        **extra,
    }


def _review(model_admin, request, preview: ImportPreview, token: str, formset=None):
    """Render the review screen; `formset` carries the editor's choices and errors, if any."""
    formset = formset or StatementFormSet(initial=_initial(preview))
    rows = [
        (form, statement, preview.text[statement.attribution.start : statement.attribution.end])
        for form, statement in zip(formset.forms, preview.statements, strict=True)
    ]
    new_outlets = (preview.outlet is None) or any(s.outlet_is_new for s in preview.statements)
    context = _context(
        model_admin,
        request,
        "Import article: review the statements",
        preview=preview,
        token=token,
        formset=formset,
        rows=rows,
        new_speakers=sum(1 for s in preview.statements if s.speaker is None),
        outlet_blocked=new_outlets and not request.user.has_perm("sources.add_outlet"),
        import_url=reverse("admin:claims_claim_import_article"),
    )
    return TemplateResponse(request, "admin/claims/claim/import_review.html", context)


def _done(model_admin, request, result: ImportResult) -> HttpResponse:
    """Tell the editor what the import made and show it: the claims, else the source."""
    source = result.source
    if result.created_anything:
        text = f"Imported “{source.title}”: created {result.made()}."
        if result.speakers_created or result.outlets_created:
            text += " New speakers and outlets are marked as needing review."
        model_admin.message_user(request, text, messages.SUCCESS)
    else:
        model_admin.message_user(
            request,
            f"“{source.title}” was already imported with these statements: nothing new was "
            "created.",
            messages.WARNING,
        )
    claim_ids = [s.claim.pk for s in result.statements if s.claim is not None]
    if not claim_ids:
        return HttpResponseRedirect(reverse("admin:sources_source_change", args=[source.pk]))
    query = urlencode({"id__in": ",".join(map(str, claim_ids))})
    return HttpResponseRedirect(f"{reverse('admin:claims_claim_changelist')}?{query}")


def _accepted(formset) -> dict[int, dict]:
    """The service's `accept` mapping: {} takes a statement as extracted, else the edits."""
    accept = {}
    for i, form in enumerate(formset.forms):
        data = form.cleaned_data
        if data["decision"] == "accept":
            accept[i] = {}
        elif data["decision"] == "edit":
            accept[i] = {"speaker_name": data["speaker_name"], "text": data["text"]}
    return accept


def _submit(model_admin, request: HttpRequest) -> HttpResponse:
    """Step 2: check the token and the choices again, then import in one transaction."""
    start_again = HttpResponseRedirect(reverse("admin:claims_claim_import_article"))
    state = _unsign(request.POST.get("token", ""), request.user.pk)
    if state is None:
        model_admin.message_user(
            request,
            "This review has expired or was altered; start the import again.",
            messages.ERROR,
        )
        return start_again
    try:
        preview = article_preview(
            text=state["text"], outlet_name=state["outlet_name"], url=state["url"]
        )
    except ValidationError as error:
        model_admin.message_user(request, "; ".join(error.messages), messages.ERROR)
        return start_again
    token = request.POST["token"]
    if preview.digest != state["digest"]:
        # The extractor changed between the steps: the rows would not line up. Show them anew.
        model_admin.message_user(
            request,
            "The statements found have changed since you reviewed them; review again.",
            messages.WARNING,
        )
        return _review(model_admin, request, preview, _dump({**state, "digest": preview.digest}))
    formset = StatementFormSet(request.POST, initial=_initial(preview))
    if formset.total_form_count() != len(preview.statements):
        model_admin.message_user(
            request, "The review was incomplete; review again.", messages.ERROR
        )
        return _review(model_admin, request, preview, token)
    if not formset.is_valid():
        return _review(model_admin, request, preview, token, formset)
    try:
        result = article_import(
            text=state["text"],
            outlet_name=state["outlet_name"],
            url=state["url"],
            title=state["title"],
            published=date.fromisoformat(state["published"]) if state["published"] else None,
            user=request.user,
            accept=_accepted(formset),
            digest=state["digest"],
        )
    except (ValidationError, PermissionDenied) as error:
        text = "; ".join(getattr(error, "messages", None) or [str(error)])
        model_admin.message_user(request, f"Nothing was imported: {text}", messages.ERROR)
        return _review(model_admin, request, preview, token, formset)
    return _done(model_admin, request, result)


def import_article_view(model_admin: admin.ModelAdmin, request: HttpRequest) -> HttpResponse:
    """The "Import article" page of the claims admin (both steps)."""
    if not model_admin.has_add_permission(request):
        raise PermissionDenied
    if request.method == "POST" and "token" in request.POST:
        return _submit(model_admin, request)
    form = ArticleForm(request.POST, request.FILES) if request.method == "POST" else ArticleForm()
    if form.is_bound and form.is_valid():
        return _review(model_admin, request, form.preview, _sign(form, request.user.pk))
    context = _context(
        model_admin,
        request,
        "Import article",
        form=form,
        media=model_admin.media + form.media,
        sources_url=reverse("admin:sources_source_changelist"),
    )
    return TemplateResponse(request, "admin/claims/claim/import_article.html", context)
