"""The admin's "Import article" page: paste or upload, review, accept / edit / reject, import."""

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims.admin import import_article
from claims.intake import files
from claims.models import Claim, Evidence, Speaker
from sources.models import Citation, Outlet, Source
from tests import factories as f
from tests.test_admin_pages import _FormReader

DEMO = Path(__file__).resolve().parents[2] / "claims" / "demo" / "istanbul-talks.txt"
TEXT = DEMO.read_text(encoding="utf-8")
URL = reverse("admin:claims_claim_import_article")
CHANGELIST = reverse("admin:claims_claim_changelist")
SHORT = (
    "The council will vote on the budget next week, Mayor Ana Ruiz said on Monday.\n"
    '"We have waited long enough," said Tom Berg, a councillor.\n'
    "According to Lena Park, the vote could be close.\n"
)
PAGE = (
    "<html><head><title>Budget</title><script>track()</script></head><body>"
    "<nav><a href='/'>Home</a> | <a href='/city'>City</a></nav>"
    "<article><h1>Budget vote next week</h1>"
    "<p>The council will vote on the budget next week, Mayor Ana Ruiz said on Monday.</p>"
    "<p>&ldquo;We have waited long enough,&rdquo; said Tom Berg, a councillor.</p></article>"
    "<footer>Subscribe to our newsletter. Copyright 2025 City Gazette.</footer>"
    "</body></html>"
)

pytestmark = pytest.mark.django_db


def _counts() -> dict[str, int]:
    models = (Claim, Evidence, Speaker, Outlet, Source, Citation)
    return {m.__name__: m.objects.count() for m in models}


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def start(client, **data):
    """Step 1: POST the article form; returns the response (the review screen when valid)."""
    fields = {"outlet_name": "Pravda.Ru", "title": "Talks in Istanbul end", **data}
    if "file" not in fields and "text" not in fields:
        fields["text"] = TEXT
    return client.post(URL, fields)


def review_data(response, decisions=None, edits=None) -> dict:
    """What the review form submits as rendered, with decisions {row: "edit"|"reject"|...} and
    edits {row: {"speaker_name": ..., "text": ...}} applied."""
    assert response.status_code == 200, response.content[:500]
    assert response.templates[0].name == "admin/claims/claim/import_review.html"
    reader = _FormReader("import_review_form")
    reader.feed(response.content.decode())
    data = {k: v[0] if len(v) == 1 else v for k, v in reader.values.items()}
    for row, decision in (decisions or {}).items():
        data[f"form-{row}-decision"] = decision
    for row, fields in (edits or {}).items():
        data.update({f"form-{row}-{k}": v for k, v in fields.items()})
    return data


def claim_ids(response) -> set[int]:
    query = parse_qs(urlsplit(response["Location"]).query)
    return {int(pk) for pk in query["id__in"][0].split(",")}


def test_changelist_links_to_the_import_page(editor_client, contributor_client):
    for client in (editor_client, contributor_client):
        page = client.get(CHANGELIST)
        assert page.status_code == 200 and URL.encode() in page.content
        form = client.get(URL)
        assert form.status_code == 200 and b'enctype="multipart/form-data"' in form.content


def test_review_accept_edit_reject_makes_drafts(editor_client):
    review = start(editor_client, published="2025-06-02")
    statements = review.context["preview"].statements
    # The demo has 15 statements; counts below follow the extractor rather than repeat it.
    n = len(statements)
    assert n >= 12 and Source.objects.count() == 0  # nothing written yet
    yermak = next(s.index for s in statements if s.speaker_name == "Andriy Yermak")
    last = n - 1 if yermak != n - 1 else n - 2
    html = review.content.decode()
    assert "new speaker" in html and "Andriy Yermak" in html
    assert "not negatively" in html  # the excerpt is shown
    edited = "Yermak said the talks were constructive (edited)."
    data = review_data(
        review,
        decisions={1: "reject", last: "reject", yermak: "edit"},
        edits={yermak: {"speaker_name": "Andriy B. Yermak", "text": edited}},
    )
    response = editor_client.post(URL, data)
    assert response.status_code == 302 and response["Location"].startswith(CHANGELIST)
    source = Source.objects.get(kind=Source.Kind.ARTICLE)
    assert source.body == TEXT.strip() and source.published_at.date().isoformat() == "2025-06-02"
    claims = Claim.objects.filter(evidence__source=source)
    assert claims.count() == n - 2 and set(claims.values_list("status", flat=True)) == {"draft"}
    assert claim_ids(response) == set(claims.values_list("pk", flat=True))
    claim = Claim.objects.get(text=edited)
    assert claim.speaker.name == "Andriy B. Yermak" and claim.speaker.needs_review
    rejected = {statements[1].text, statements[last].text}
    assert not Claim.objects.filter(text__in=rejected).exists()
    for evidence in Evidence.objects.filter(source=source):
        assert evidence.relation == Evidence.Relation.APPEARS_IN
        assert evidence.excerpt and evidence.excerpt in source.body
    assert (
        Evidence.objects.get(claim=claim).excerpt
        == (TEXT.strip()[statements[yermak].attribution.start : statements[yermak].attribution.end])
    )
    assert Citation.objects.filter(citing=source).count() == 2  # TASS and RIA Novosti
    [message] = messages_of(response)
    assert f"created {n - 2} claims" in message and "marked as needing review" in message
    changelist = editor_client.get(response["Location"])
    assert changelist.context["cl"].result_count == n - 2


def test_reimport_adds_nothing_and_says_so(editor_client):
    first = editor_client.post(URL, review_data(start(editor_client)))
    assert first.status_code == 302 and Claim.objects.count() == len(claim_ids(first)) > 10
    before = _counts()
    review = start(editor_client)
    preview = review.context["preview"]
    assert preview.source is not None and all(s.claim_on_file for s in preview.statements)
    assert b"already on file" in review.content
    again = editor_client.post(URL, review_data(review))
    assert again.status_code == 302 and _counts() == before
    assert claim_ids(again) == claim_ids(first)
    assert any("nothing new was created" in m for m in messages_of(again))


def test_html_upload_goes_through_trafilatura(editor_client):
    upload = SimpleUploadedFile("budget.html", PAGE.encode(), content_type="text/html")
    review = start(editor_client, file=upload, outlet_name="City Gazette", title="")
    assert [s.speaker_name for s in review.context["preview"].statements] == [
        "Ana Ruiz",
        "Tom Berg",
    ]
    response = editor_client.post(URL, review_data(review))
    assert response.status_code == 302
    source = Source.objects.get()
    assert source.title == "Budget vote next week"
    assert "Home" not in source.body and "Subscribe" not in source.body and "<" not in source.body
    assert Claim.objects.count() == 2
    assert all(e.excerpt in source.body for e in Evidence.objects.all())


def test_txt_upload_and_an_outlet_on_file(editor_client):
    outlet = f.OutletFactory(name="City Gazette")
    upload = SimpleUploadedFile("budget.txt", SHORT.encode(), content_type="text/plain")
    review = start(editor_client, file=upload, outlet_name="", outlet=str(outlet.pk))
    assert review.context["preview"].outlet == outlet
    editor_client.post(URL, review_data(review, decisions={2: "reject"}))
    assert Source.objects.get().outlet == outlet and Outlet.objects.count() == 1
    assert Claim.objects.count() == 2


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("a.txt", b"", "The submitted file is empty"),
        ("a.txt", b"\x00\x01\x02\x03binary", "binary"),
        ("a.txt", "café said".encode("latin-1"), "not UTF-8"),
        ("a.txt", b" \n\t \n", "only white space"),
        ("a.txt", b"x" * (files.MAX_BYTES + 1), "too large"),
        ("a.html", b"<html><body><script>x()</script></body></html>", "no text"),
        ("a.html", b"<<<>>> <p <div", "no text"),
        ("a.pdf", b"%PDF-1.4 Lena Park said hello.", "upload a .txt or .html file"),
    ],
)
def test_bad_uploads_get_a_form_error_and_write_nothing(editor_client, name, content, message):
    response = start(editor_client, file=SimpleUploadedFile(name, content))
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors.get("file", []))
    assert message in errors
    assert _counts() == dict.fromkeys(_counts(), 0)


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"text": "  "}, "text", "Paste the article"),
        ({"text": "Hello\x00 there, Lena Park said."}, "text", "Null characters"),
        ({"text": TEXT, "file": "x"}, "file", "not both"),
        ({"outlet_name": ""}, "outlet_name", "Name the outlet"),
        ({"url": "not a url at all"}, "url", "Enter a valid URL"),
    ],
)
def test_bad_form_input_is_refused(editor_client, data, field, message):
    if data.get("file") == "x":
        data["file"] = SimpleUploadedFile("a.txt", SHORT.encode())
    response = start(editor_client, **data)
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors.get(field, []))
    assert message in errors, response.context["form"].errors
    assert Source.objects.count() == 0


def test_a_text_too_large_for_the_service_is_refused(editor_client, monkeypatch):
    from claims.intake import importer

    monkeypatch.setattr(importer, "MAX_BYTES", 100)
    response = start(editor_client)
    assert "too large" in " ".join(response.context["form"].errors["text"])


def test_users_who_cannot_add_claims_get_403(client):
    viewer = f.UserFactory(username="viewer")  # staff, no group
    client.force_login(viewer)
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"text": TEXT, "outlet_name": "X"}).status_code == 403
    assert Source.objects.count() == 0


def test_a_forged_or_foreign_token_imports_nothing(editor_client, contributor):
    data = review_data(start(editor_client))
    forged = {**data, "token": data["token"][:-3] + "abc"}
    response = editor_client.post(URL, forged)
    assert response.status_code == 302 and response["Location"] == URL
    assert "expired or was altered" in messages_of(response)[0]
    editor_client.force_login(contributor)  # another user's review is not theirs to submit
    assert editor_client.post(URL, data)["Location"] == URL
    assert _counts() == dict.fromkeys(_counts(), 0)


def test_accept_with_changed_boxes_or_a_cut_review_imports_nothing(editor_client):
    review = start(editor_client)
    data = review_data(review, edits={0: {"text": "Something else."}})
    response = editor_client.post(URL, data)
    assert response.status_code == 200
    assert "choose Edit" in str(response.context["formset"].forms[0].non_field_errors())
    cut = review_data(review)
    cut["form-TOTAL_FORMS"] = "3"
    response = editor_client.post(URL, cut)
    assert "incomplete" in messages_of(response)[0]
    blank = review_data(review, decisions={2: "edit"}, edits={2: {"text": ""}})
    response = editor_client.post(URL, blank)
    assert response.context["formset"].forms[2].errors["text"]
    assert _counts() == dict.fromkeys(_counts(), 0)


def test_a_changed_extraction_asks_for_a_new_review(editor_client, monkeypatch):
    data = review_data(start(editor_client))
    monkeypatch.setattr("claims.intake.importer.attributions_digest", lambda atts: "something else")
    response = editor_client.post(URL, data)
    assert response.status_code == 200 and "review again" in messages_of(response)[0]
    assert response.context["token"] != data["token"]
    assert Source.objects.count() == 0


def test_contributor_imports_when_outlets_are_on_file(contributor_client):
    # Only editors create outlets: the review says so and the import stops, writing nothing.
    review = start(contributor_client)
    assert review.context["outlet_blocked"]
    response = contributor_client.post(URL, review_data(review))
    assert response.status_code == 200
    assert "Nothing was imported" in messages_of(response)[0]
    assert _counts() == dict.fromkeys(_counts(), 0)
    for name in ("Pravda.Ru", "TASS", "RIA Novosti"):
        f.OutletFactory(name=name)
    review = start(contributor_client)
    assert not review.context["outlet_blocked"]
    response = contributor_client.post(URL, review_data(review, decisions={0: "reject"}))
    statements = review.context["preview"].statements
    assert response.status_code == 302 and Claim.objects.count() == len(statements) - 1


def _review_queries(client, text: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = start(client, text=text)
    assert response.status_code == 200 and response.context["preview"].statements
    return len(queries)


def test_review_page_queries_do_not_grow_with_statements(editor_client):
    # Some speakers on file, so that every lookup of the preview runs.
    for name in ("Ana Ruiz", "Dmitry Peskov"):
        f.SpeakerFactory(name=name)
    _review_queries(editor_client, SHORT)  # warm caches (content types, session)
    few = _review_queries(editor_client, SHORT)
    many = _review_queries(editor_client, TEXT)
    assert many == few, f"{few} queries for 3 statements, {many} for the demo's"


def test_review_escapes_user_text(editor_client):
    evil = SHORT.replace("the budget", "the <script>alert(1)</script> budget")
    review = start(editor_client, text=evil, outlet_name="<i>Gazette</i>")
    assert "<script>" in review.context["preview"].statements[0].text
    html = review.content.decode()
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)" in html
    assert "<i>Gazette</i>" not in html and "&lt;i&gt;Gazette&lt;/i&gt;" in html


def test_the_review_limit_is_enforced(editor_client, monkeypatch):
    monkeypatch.setattr(import_article, "MAX_STATEMENTS", 2)
    response = start(editor_client, text=SHORT, outlet_name="City Gazette")
    assert "too many to review" in " ".join(response.context["form"].errors["text"])


def test_the_outlet_picker_searches_outlets_on_file(contributor_client):
    f.OutletFactory(name="Pravda.Ru")
    query = {"app_label": "claims", "model_name": "claim", "field_name": "outlet", "term": "prav"}
    response = contributor_client.get(reverse("admin:autocomplete"), query)
    assert response.status_code == 200
    assert [r["text"] for r in response.json()["results"]] == ["Pravda.Ru"]


def test_an_article_without_statements_makes_only_the_source(editor_client):
    review = start(editor_client, text="The weather was fine on Monday.\nNothing else happened.")
    assert review.context["preview"].statements == []
    response = editor_client.post(URL, review_data(review))
    source = Source.objects.get()
    assert response["Location"] == reverse("admin:sources_source_change", args=[source.pk])
    assert (
        Claim.objects.count() == 0 and "created 1 outlets, the source" in messages_of(response)[0]
    )
