"""factory_boy factories for every model, with realistic defaults."""

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from claims.models import Claim, ClaimLink, Evidence, Speaker, SpeakerAlias, Status, Topic
from claims.roles import CONTRIBUTORS, EDITORS, ensure_roles
from sources.models import Citation, Outlet, OutletDomain, Source


def _with_role(group_name: str | None):
    """A post-generation hook that puts the user in a role's group (and saves the password)."""

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        name = extracted or group_name
        if create and name:
            ensure_roles()  # a transactional test before this one may have flushed them
            self.groups.add(Group.objects.get(name=name))
        if create:
            self.save()

    return role


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    is_staff = True
    password = factory.PostGenerationMethodCall("set_password", "pw-for-tests-123")

    role = _with_role(None)


class EditorFactory(UserFactory):
    role = _with_role(EDITORS)


class ContributorFactory(UserFactory):
    role = _with_role(CONTRIBUTORS)


class OutletFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Outlet

    name = factory.Sequence(lambda n: f"Outlet {n}")
    slug = factory.Sequence(lambda n: f"outlet-{n}")
    kind = Outlet.Kind.NEWSPAPER
    country = "GB"


class OutletDomainFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OutletDomain

    outlet = factory.SubFactory(OutletFactory)
    domain = factory.Sequence(lambda n: f"outlet{n}.example")


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source

    title = factory.Sequence(lambda n: f"Report number {n}")
    outlet = factory.SubFactory(OutletFactory)
    url = factory.Sequence(lambda n: f"https://news.example/report-{n}")
    body = "The minister said the talks would continue next week."
    published_at = factory.LazyFunction(timezone.now)


class CitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Citation

    citing = factory.SubFactory(SourceFactory)
    cited = factory.SubFactory(SourceFactory)
    kind = Citation.Kind.QUOTES


class SpeakerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Speaker

    name = factory.Sequence(lambda n: f"Speaker {n}")
    kind = Speaker.Kind.PERSON
    role = "minister"


class SpeakerAliasFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SpeakerAlias

    speaker = factory.SubFactory(SpeakerFactory)
    name = factory.Sequence(lambda n: f"Alias {n}")


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic

    name = factory.Sequence(lambda n: f"Topic {n}")
    slug = factory.Sequence(lambda n: f"topic-{n}")


class ClaimFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Claim

    text = factory.Sequence(lambda n: f"The talks will continue next week ({n}).")
    speaker = factory.SubFactory(SpeakerFactory)
    outlet = factory.SubFactory(OutletFactory)
    stated_on = factory.LazyFunction(lambda: timezone.now().date())
    status = Status.DRAFT


class PublishedClaimFactory(ClaimFactory):
    status = Status.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)


class EvidenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Evidence

    claim = factory.SubFactory(ClaimFactory)
    source = factory.SubFactory(SourceFactory)
    relation = Evidence.Relation.APPEARS_IN
    excerpt = "The minister said the talks would continue next week."


class ClaimLinkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ClaimLink

    from_claim = factory.SubFactory(ClaimFactory)
    to_claim = factory.SubFactory(ClaimFactory)
    kind = ClaimLink.Kind.SUPPORTS
