"""Share-preview links: an editor makes one from the article's admin page; anyone holding it sees the
draft as readers will, with a banner, until it expires or is revoked; then it is the same "not found"
as a missing page. Never cached, never indexed."""

from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from editorial.models import AuditEntry, ShareLink
from tests.factories import ArticleFactory, AuthorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft():
    return ArticleFactory(title="Unpublished thoughts", slug="unpublished-thoughts", draft=True, tags=["Water"])


def share_link(article, **fields):
    return ShareLink.objects.create(
        content_type=ContentType.objects.get_for_model(Article),
        object_id=str(article.pk),
        object_repr=str(article),
        **fields,
    )


def not_found(client, token):
    """The 404 page of ``/share/<token>/``, with the token (in its canonical link) blanked."""
    response = client.get(f"/share/{token}/")
    return response.status_code, response.content.replace(token.encode(), b"TOKEN")


def test_an_editor_makes_a_link_valid_for_the_days_they_choose_and_it_is_listed_with_who_made_it(
    editor_client, eda, draft
):
    url = reverse("admin:articles_article_share", args=[draft.pk])
    response = editor_client.post(url, {"days": "3"})

    assert response.status_code == 302
    link = ShareLink.objects.get()
    assert (link.created_by, link.object_id, len(link.token) >= 43) == (eda, str(draft.pk), True)
    assert timedelta(days=3) - timedelta(minutes=1) < link.expires_at - timezone.now() <= timedelta(days=3)
    listing = editor_client.get(url)
    assert [(shown.pk, address) for shown, address in listing.context["links"]] == [
        (link.pk, f"http://testserver/share/{link.token}/")
    ]
    assert AuditEntry.objects.get().action == "share"


def test_a_new_link_lasts_seven_days_by_default(editor_client, draft):
    response = editor_client.get(reverse("admin:articles_article_share", args=[draft.pk]))
    assert response.context["form"]["days"].value() == 7


def test_anyone_with_the_link_sees_the_draft_with_the_banner_noindex_and_never_cached(client, draft):
    link = share_link(draft)

    response = client.get(f"/share/{link.token}/")

    assert response.status_code == 200
    content = response.content.decode()
    assert "<strong>Preview — not published.</strong>" in content
    assert '<meta name="robots" content="noindex, nofollow">' in content
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert response["Referrer-Policy"] == "no-referrer"
    assert set(response["Cache-Control"].split(", ")) >= {"no-store", "private"}
    assert response.context["article"] == draft


@pytest.mark.parametrize("n", [1, 3])
def test_the_share_page_runs_the_same_queries_for_1_or_3_authors(client, django_assert_num_queries, n):
    article = ArticleFactory(draft=True, authors=AuthorFactory.create_batch(n), tags=["Water"])
    link = share_link(article)
    # the link, the piece, its authors, its tags, the related pieces, the authors' other pieces (their cards)
    with django_assert_num_queries(6):
        response = client.get(f"/share/{link.token}/")
    assert len(response.context["article"].ordered_authors) == n


@pytest.mark.parametrize(
    "state",
    [
        {"expires_at": timezone.now() - timedelta(seconds=1)},
        {"revoked_at": timezone.now()},
    ],
    ids=["expired", "revoked"],
)
def test_an_expired_or_revoked_link_is_the_same_404_as_a_missing_page(client, draft, state):
    link = share_link(draft, **state)

    from editorial.models import new_token

    status, content = not_found(client, link.token)

    assert (status, content) == not_found(client, new_token())
    assert status == 404
    assert b"Unpublished" not in content


def test_revoking_from_the_admin_closes_the_link_at_once_even_with_the_page_cache_on(
    client, editor_client, draft, settings
):
    settings.PAGE_CACHE_SECONDS = 600
    link = share_link(draft)
    from django.test import Client

    reader = Client()
    assert reader.get(f"/share/{link.token}/").status_code == 200

    editor_client.post(reverse("admin:articles_article_share", args=[draft.pk]), {"revoke": link.pk})

    assert reader.get(f"/share/{link.token}/").status_code == 404
    assert AuditEntry.objects.for_object(draft).first().action == "revoke"


def test_a_link_to_a_deleted_article_is_not_found(client, draft):
    link = share_link(draft)
    draft.delete()
    assert client.get(f"/share/{link.token}/").status_code == 404


def test_tokens_are_random_and_long():
    from editorial.models import new_token

    tokens = {new_token() for _ in range(50)}
    assert len(tokens) == 50
    assert min(len(t) for t in tokens) == 43  # 32 random bytes: 256 bits


def test_share_links_are_listed_in_the_admin(editor_client, draft, eda):
    share_link(draft, created_by=eda)
    response = editor_client.get(reverse("admin:editorial_sharelink_changelist"))
    assert [(link.object_repr, link.created_by) for link in response.context["cl"].result_list] == [
        ("Unpublished thoughts", eda)
    ]
