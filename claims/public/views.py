"""The public pages for journalists: search, claims, sources, speakers and outlets.

Server-rendered and usable without JavaScript. Only published claims are shown anywhere; a
retracted claim keeps its page, with the retraction and its reason, and drafts or claims in
review are 404. Every page costs a fixed number of queries, whatever the number of rows.
"""

from django.core.paginator import Page, Paginator
from django.db.models import Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.text import Truncator

from sources.models import Citation, Outlet, Source

from ..claimreview import claim_review, claim_review_refusal
from ..models import Claim, ClaimLink, ClaimQuerySet, Evidence, LinkKind, Relation, Speaker, Status
from ..models.claim import PUBLIC_ONCE
from ..selectors import claim_provenance
from .display import (
    grade_spread,
    is_web_link,
    ld_json,
    linked_claim_ids,
    present_hits,
    public_lines,
)
from .forms import SearchForm

PER_PAGE = 20
MAX_PAGE = 500  # deeper than any reader pages; keeps offsets sane


def _search_backend(q: str):
    """The search engine, or the ORM fallback while `sources.search` does not exist.

    Filters without words ("every claim TASS reported") go to the ORM search too: the engine
    answers only queries with words.
    """
    if q:
        try:
            from sources.search import search
        except ImportError:
            pass
        else:
            return search
    from .fallback_search import search

    return search


def _page_number(request: HttpRequest) -> int:
    try:
        number = int(request.GET.get("page", "1"))
    except (TypeError, ValueError):
        return 1
    return min(max(number, 1), MAX_PAGE)


def _paginate(request: HttpRequest, queryset) -> Page:
    """A page of the queryset (two queries: the count and the rows); bad numbers give page 1."""
    paginator = Paginator(queryset, PER_PAGE)
    return paginator.get_page(min(_page_number(request), MAX_PAGE))


def _canonical(request: HttpRequest, name: str, pk: int) -> str:
    return request.build_absolute_uri(reverse(name, args=[pk]))


def search_page(request: HttpRequest) -> HttpResponse:
    """`/`: search claims, sources, speakers and outlets, or list the latest claims."""
    form = SearchForm(request.GET or None)
    context: dict = {"form": form, "searched": False}
    if form.is_bound and form.is_valid() and form.has_criteria():
        page = _page_number(request)
        q = form.cleaned_data["q"]
        results = _search_backend(q)(
            q,
            kinds=form.kinds(),
            filters=form.filters(),
            include_unpublished=False,
            limit=PER_PAGE,
            offset=(page - 1) * PER_PAGE,
        )
        total = results.total
        hits = present_hits(list(results.hits))
        context.update(
            searched=True,
            hits=hits,
            total=total,
            total_is_estimate=getattr(results, "total_is_estimate", False),
            page=page,
            previous_page=page - 1 if page > 1 else None,
            next_page=page + 1 if page * PER_PAGE < total and page < MAX_PAGE else None,
            first_shown=(page - 1) * PER_PAGE + 1,
            last_shown=(page - 1) * PER_PAGE + len(hits),
        )
    elif not form.is_bound or not form.errors:
        context["latest"] = list(Claim.objects.published().with_related()[:10])
    return render(request, "public/search.html", context)


def _public_claims() -> ClaimQuerySet:
    return Claim.objects.filter(status__in=PUBLIC_ONCE)


def _link_phrase(link: ClaimLink, *, outgoing: bool) -> str:
    """How a related claim relates to this one, read from this claim's side."""
    if link.kind == LinkKind.SAME_STATEMENT:
        return "The same statement, reported again"
    verb = link.get_kind_display()
    return f"This claim {verb}" if outgoing else f"{verb.capitalize()} this claim"


def claim_page(request: HttpRequest, pk: int) -> HttpResponse:
    """`/claims/<id>/`: a published (or retracted) claim with its evidence and provenance."""
    claim = get_object_or_404(
        _public_claims()
        .select_related("speaker", "outlet")
        .prefetch_related(
            Prefetch(
                "evidence",
                queryset=Evidence.objects.select_related("source__outlet").order_by(
                    "relation", "id"
                ),
            ),
            "topics",
        ),
        pk=pk,
    )
    evidence = list(claim.evidence.all())
    links = list(
        ClaimLink.objects.filter(
            Q(from_claim=claim, to_claim__status=Status.PUBLISHED)
            | Q(to_claim=claim, from_claim__status=Status.PUBLISHED)
        )
        .select_related("from_claim__speaker", "to_claim__speaker")
        .order_by("kind", "id")
    )
    related = [
        {
            "how": _link_phrase(link, outgoing=link.from_claim_id == claim.pk),
            "claim": link.to_claim if link.from_claim_id == claim.pk else link.from_claim,
            "note": link.note,
        }
        for link in links
    ]
    chain = claim_provenance(claim)
    others = linked_claim_ids(chain, claim.pk)
    published = (
        set(Claim.objects.published().filter(pk__in=others).values_list("pk", flat=True))
        if others
        else set()
    )
    refusal = claim_review_refusal(claim)
    context = {
        "claim": claim,
        "retracted": claim.status == Status.RETRACTED,
        "evidence_for": [e for e in evidence if e.relation != Relation.CONFLICTS],
        "evidence_against": [e for e in evidence if e.relation == Relation.CONFLICTS],
        "related": related,
        "chain": chain,
        "lines": public_lines(chain, claim.pk, published),
        "reasons": [r.get("text", "") for r in claim.credibility_reasons or [] if r],
        "claim_review": None if refusal else ld_json(claim_review(claim, request)),
        "canonical": _canonical(request, "public:claim", claim.pk),
        "description": Truncator(f"{claim.speaker.name}: “{claim.text}”").chars(155),
    }
    return render(request, "public/claim.html", context)


def source_page(request: HttpRequest, pk: int) -> HttpResponse:
    """`/sources/<id>/`: a source, who it cites and who cites it, and the claims resting on it."""
    source = get_object_or_404(Source.objects.select_related("outlet"), pk=pk)
    cites = list(
        Citation.objects.filter(citing=source).select_related("cited__outlet").order_by("id")
    )
    cited_by = list(
        Citation.objects.filter(cited=source).select_related("citing__outlet").order_by("id")
    )
    page = _paginate(
        request,
        Evidence.objects.filter(source=source, claim__status=Status.PUBLISHED)
        .select_related("claim__speaker", "claim__outlet")
        .order_by("-claim__stated_on", "-claim_id", "relation", "id"),
    )
    context = {
        "source": source,
        "url_is_link": is_web_link(source.url),
        "archive_is_link": is_web_link(source.archive_url),
        "cites": cites,
        "cited_by": cited_by,
        "page": page,
        "canonical": _canonical(request, "public:source", source.pk),
        "description": Truncator(
            f"{source.title}" + (f" ({source.outlet.name})" if source.outlet_id else "")
        ).chars(155),
    }
    return render(request, "public/source.html", context)


def speaker_page(request: HttpRequest, pk: int) -> HttpResponse:
    """`/speakers/<id>/`: a speaker's facts, aliases, grade spread and published claims."""
    speaker = get_object_or_404(Speaker.objects.prefetch_related("aliases"), pk=pk)
    claims = Claim.objects.published().filter(speaker=speaker)
    context = {
        "speaker": speaker,
        "spread": grade_spread(claims),
        "page": _paginate(request, claims.with_related()),
        "canonical": _canonical(request, "public:speaker", speaker.pk),
        "description": Truncator(
            f"Statements by {speaker.name}" + (f", {speaker.role}" if speaker.role else "")
        ).chars(155),
    }
    return render(request, "public/speaker.html", context)


def outlet_page(request: HttpRequest, pk: int) -> HttpResponse:
    """`/outlets/<id>/`: an outlet's facts and rating, grade spread and published claims."""
    outlet = get_object_or_404(Outlet, pk=pk)
    claims = Claim.objects.published().filter(outlet=outlet)
    context = {
        "outlet": outlet,
        "spread": grade_spread(claims),
        "page": _paginate(request, claims.with_related()),
        "canonical": _canonical(request, "public:outlet", outlet.pk),
        "description": Truncator(f"{outlet.name}: reliability and the claims it reported").chars(
            155
        ),
    }
    return render(request, "public/outlet.html", context)
