"""Revisions: every save an editor makes through the admin keeps one, with who, when and a note;
the history compares any two, or one with what is stored now, and restores one without publishing."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag

from articles.models import Article
from editorial.models import AuditEntry, Revision
from tests.factories import ArticleFactory, AuthorFactory, SeriesFactory

from .conftest import form_data

pytestmark = pytest.mark.django_db


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def save(client, obj, admin="articles_article", **changes):
    url = reverse(f"admin:{admin}_change", args=[obj.pk])
    response = client.post(url, form_data(client.get(url), **changes))
    assert response.status_code == 302, response.context["adminform"].form.errors
    return response


@pytest.fixture
def article():
    return ArticleFactory(
        title="Water diplomacy",
        slug="water-diplomacy",
        body="<p>The Kura carries most of the water.</p>",
        authors=[AuthorFactory(name="Fuad Shahbazov")],
        tags=["Water"],
        draft=True,
    )


def test_the_first_edit_keeps_the_earlier_state_as_a_baseline_and_the_edit_with_who_and_the_note(
    editor_client, eda, article
):
    save(editor_client, article, body="<p>The Kura carries almost all the water.</p>", revision_message="Sharper")

    baseline, edit = Revision.objects.for_object(article).order_by("pk")
    assert (baseline.action, baseline.user, baseline.data["fields"]["body"]) == (
        "baseline",
        None,
        "<p>The Kura carries most of the water.</p>",
    )
    assert (edit.action, edit.user, edit.message) == ("edit", eda, "Sharper")
    assert edit.data["fields"]["body"] == "<p>The Kura carries almost all the water.</p>"
    assert edit.data["related"] == {
        "authorships": {
            "rows": [{"author": article.authors.get().pk, "position": 0, "role": "by"}],
            "labels": ["Fuad Shahbazov"],
        },
        "tags": {"rows": ["Water"], "labels": ["Water"]},
    }


def test_a_revision_keeps_the_sanitised_body_tags_and_authors_in_byline_order(editor_client, article):
    second = AuthorFactory(name="Leyla Mammadova")
    Tag.objects.create(name="Energy", slug="energy")
    response = editor_client.get(change_url(article))
    data = form_data(
        response,
        body="<p>Safe.</p><script>alert(1)</script>",
        **{
            "authorships-TOTAL_FORMS": "2",
            "authorships-1-author": str(second.pk),
            "authorships-1-position": "1",
            "authorships-1-role": "by",
            "taggit-taggeditem-content_type-object_id-TOTAL_FORMS": "2",
            "taggit-taggeditem-content_type-object_id-1-tag": str(Tag.objects.get(name="Energy").pk),
        },
    )
    assert editor_client.post(change_url(article), data).status_code == 302

    latest = Revision.objects.for_object(article).first()
    assert latest.data["fields"]["body"] == "<p>Safe.</p>"
    assert latest.data["related"]["authorships"]["labels"] == ["Fuad Shahbazov", "Leyla Mammadova"]
    assert latest.data["related"]["tags"]["labels"] == ["Energy", "Water"]


def test_an_unchanged_save_keeps_no_new_revision(editor_client, article):
    save(editor_client, article, title="Water diplomacy, revised")
    save(editor_client, article)

    assert list(Revision.objects.for_object(article).values_list("action", flat=True)) == ["edit", "baseline"]


def test_adding_keeps_a_create_revision(editor_client, eda):
    author = AuthorFactory()
    url = reverse("admin:articles_author_add")
    data = form_data(editor_client.get(url), name="Nino Beridze", slug="nino-beridze")
    assert editor_client.post(url, data).status_code == 302

    created = type(author).objects.get(slug="nino-beridze")
    assert [(r.action, r.user) for r in Revision.objects.for_object(created)] == [("create", eda)]


def test_admin_actions_publish_unpublish_and_review_keep_revisions_and_audit_entries(editor_client, eda, article):
    changelist = reverse("admin:articles_article_changelist")
    for action in ["publish_now", "unpublish", "send_to_review"]:
        response = editor_client.post(changelist, {"action": action, "_selected_action": [article.pk]})
        assert response.status_code == 302

    assert list(Revision.objects.for_object(article).values_list("action", "data__fields__status")) == [
        ("review", "review"),
        ("unpublish", "draft"),
        ("publish", "published"),
        ("baseline", "draft"),
    ]
    assert list(AuditEntry.objects.for_object(article).values_list("action", "user__username")) == [
        ("review", "eda"),
        ("unpublish", "eda"),
        ("publish", "eda"),
    ]


def test_scheduling_in_the_form_is_audited_as_a_schedule(editor_client, article):
    later = timezone.localtime() + timedelta(days=2)
    save(
        editor_client,
        article,
        status="published",
        published_at_0=later.strftime("%Y-%m-%d"),
        published_at_1=later.strftime("%H:%M:%S"),
    )

    assert AuditEntry.objects.for_object(article).get().action == "schedule"


def test_authors_series_and_calls_keep_revisions_too(editor_client):
    author, series = AuthorFactory(name="Old name"), SeriesFactory()
    save(editor_client, author, admin="articles_author", name="New name")
    save(editor_client, series, admin="articles_series", title="A better title")

    assert Revision.objects.for_object(author).first().data["fields"]["name"] == "New name"
    assert Revision.objects.for_object(series).first().data["fields"]["title"] == "A better title"


def test_history_lists_revisions_and_the_comparison_marks_inserted_and_removed_words(editor_client, article):
    save(editor_client, article, body="<p>The Kura carries almost all the water.</p>")
    baseline, edit = Revision.objects.for_object(article).order_by("pk")

    history = editor_client.get(reverse("admin:articles_article_history", args=[article.pk]))
    assert [revision.pk for revision, _ in history.context["rows"]] == [edit.pk, baseline.pk]

    response = editor_client.get(reverse("admin:editorial_revision_compare", args=[baseline.pk, edit.pk]))
    body = next(row for row in response.context["rows"] if row.name == "body")
    assert body.words == "The Kura carries <del>most of</del><ins>almost all</ins> the water."
    assert [row.name for row in response.context["changed"]] == ["body"]


def test_a_revision_compared_with_what_is_stored_now(editor_client, article):
    save(editor_client, article, title="Second title")
    baseline = Revision.objects.for_object(article).last()

    response = editor_client.get(reverse("admin:editorial_revision_compare", args=[baseline.pk, "live"]))

    assert [(row.name, row.before, row.after) for row in response.context["changed"]] == [
        ("title", "Water diplomacy", "Second title")
    ]


def test_restoring_a_revision_is_a_new_revision_and_never_publishes(editor_client, eda, article):
    save(editor_client, article, title="Second title", body="<p>Other words.</p>")
    first = Revision.objects.for_object(article).last()
    Article.objects.filter(pk=article.pk).update(status="published", published_at=timezone.now())
    save(editor_client, article, title="Third title")

    response = editor_client.post(reverse("admin:editorial_revision_restore", args=[first.pk]))

    assert response.status_code == 302
    article.refresh_from_db()
    assert (article.title, article.body, article.status) == (
        "Water diplomacy",
        "<p>The Kura carries most of the water.</p>",
        "published",  # the status it had when restored: restoring publishes or unpublishes nothing
    )
    restored = Revision.objects.for_object(article).first()
    when = timezone.localtime(first.created_at).strftime("%d %b %Y %H:%M")
    assert (restored.action, restored.user, restored.message) == ("restore", eda, f"Restored the revision of {when}")
    assert AuditEntry.objects.for_object(article).first().action == "restore"


def test_restoring_a_draft_revision_of_a_draft_keeps_it_a_draft_with_its_authors_and_tags(editor_client, article):
    save(
        editor_client,
        article,
        **{"authorships-0-DELETE": "on", "taggit-taggeditem-content_type-object_id-0-DELETE": "on"},
    )
    first = Revision.objects.for_object(article).last()
    assert article.authors.count() == 0

    editor_client.post(reverse("admin:editorial_revision_restore", args=[first.pk]))

    article.refresh_from_db()
    assert ([a.name for a in article.ordered_authors], list(article.tags.names()), article.status) == (
        ["Fuad Shahbazov"],
        ["Water"],
        "draft",
    )


def test_prune_keeps_the_newest_n_and_never_the_live_one(editor_client, article):
    for n in range(4):
        save(editor_client, article, title=f"Title {n}")
    assert Revision.objects.for_object(article).count() == 5

    call_command("prune_revisions", keep=2, stdout=None)
    assert list(Revision.objects.for_object(article).values_list("data__fields__title", flat=True)) == [
        "Title 3",
        "Title 2",
    ]
    call_command("prune_revisions", keep=1)
    assert Revision.objects.for_object(article).get().data["fields"]["title"] == "Title 3"


def test_prune_refuses_to_keep_nothing():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="at least 1"):
        call_command("prune_revisions", keep=0)


def test_deleting_is_audited(editor_client, eda, article):
    url = reverse("admin:articles_article_delete", args=[article.pk])
    assert editor_client.post(url, {"post": "yes"}).status_code == 302

    entry = AuditEntry.objects.get()
    assert (entry.action, entry.user, entry.object_repr) == ("delete", eda, "Water diplomacy")


def test_the_history_compares_the_two_revisions_an_editor_chooses(editor_client, article):
    save(editor_client, article, title="Second title")
    baseline, edit = Revision.objects.for_object(article).order_by("pk")
    history = reverse("admin:articles_article_history", args=[article.pk])

    chosen = editor_client.get(history, {"before": baseline.pk, "after": edit.pk})
    with_now = editor_client.get(history, {"before": baseline.pk, "after": "live"})

    assert chosen["Location"] == reverse("admin:editorial_revision_compare", args=[baseline.pk, edit.pk])
    assert with_now["Location"] == reverse("admin:editorial_revision_compare", args=[baseline.pk, "live"])


def test_staff_without_the_view_permission_see_no_history_and_restore_nothing(client, editor_client, article):
    from django.contrib.auth.models import User

    save(editor_client, article, title="Second title")
    baseline = Revision.objects.for_object(article).last()
    client.force_login(User.objects.create_user("visitor", is_staff=True))

    history = client.get(reverse("admin:editorial_revision_history", args=[baseline.content_type_id, article.pk]))
    restore = client.post(reverse("admin:editorial_revision_restore", args=[baseline.pk]))

    assert (history.status_code, restore.status_code) == (403, 403)
    assert Article.objects.get(pk=article.pk).title == "Second title"
