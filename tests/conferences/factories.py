"""Factories for conferences, abstracts and reviewers. Demo data lives in fixtures/; tests build what they need."""

from datetime import timedelta

import factory
from django.contrib.auth.models import Group, User
from django.utils import timezone
from factory.django import DjangoModelFactory

from conferences.models import Abstract, AbstractAuthor, Conference, ProgrammeFeature, Review, Topic


class ConferenceFactory(DjangoModelFactory):
    """An open call (opened yesterday, closing in ten days) with three topics."""

    class Meta:
        model = Conference
        skip_postgeneration_save = True

    class Params:
        closed = factory.Trait(
            opens_at=factory.LazyFunction(lambda: timezone.now() - timedelta(days=60)),
            deadline=factory.LazyFunction(lambda: timezone.now() - timedelta(days=1)),
        )

    title = factory.Sequence(lambda n: f"Conference on Peace {n}")
    slug = factory.Sequence(lambda n: f"conference-{n}")
    year = 2026
    description = "The call for papers."
    opens_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    deadline = factory.LazyFunction(lambda: timezone.now() + timedelta(days=10))
    proceedings_info = "The accepted papers will be published in the conference proceedings."
    contact_email = "info@thecaucasuscenter.org"

    @factory.post_generation
    def topics(self, create, extracted, **kwargs):
        titles = ["Regional actors", "Ceasefire law", "Human rights"] if extracted is None else extracted
        for position, title in enumerate(titles, start=1):
            Topic.objects.create(conference=self, title=title, position=position)

    @factory.post_generation
    def features(self, create, extracted, **kwargs):
        for position, (kind, title) in enumerate(extracted or [], start=1):
            ProgrammeFeature.objects.create(conference=self, kind=kind, title=title, position=position)


class AbstractFactory(DjangoModelFactory):
    """An abstract with two authors (the first is the contact author)."""

    class Meta:
        model = Abstract
        skip_postgeneration_save = True

    conference = factory.SubFactory(ConferenceFactory)
    topic = factory.LazyAttribute(lambda o: o.conference.topics.first())
    title = factory.Sequence(lambda n: f"Paper {n}")
    text = "Peace in the South Caucasus needs trust, law and trade."
    consent_given_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def authors(self, create, extracted, **kwargs):
        rows = extracted or [
            ("Anna Petrosyan", "Yerevan State University", f"anna{self.pk}@example.org"),
            ("Elvin Aliyev", "ADA University", f"elvin{self.pk}@example.org"),
        ]
        for position, (name, affiliation, email) in enumerate(rows, start=1):
            AbstractAuthor.objects.create(
                abstract=self,
                position=position,
                name=name,
                affiliation=affiliation,
                email=email,
                is_contact=position == 1,
            )


def reviewer(username="reviewer", email="reviewer@example.org", password=None):
    user = User.objects.create_user(username, email, password, is_staff=True)
    user.groups.add(Group.objects.get(name="Reviewers"))
    return user


def editor(username="editor", email="editor@example.org", password=None):
    user = User.objects.create_user(username, email, password, is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


def review(abstract, user, score=None, comment=""):
    return Review.objects.create(abstract=abstract, reviewer=user, score=score, comment=comment)
