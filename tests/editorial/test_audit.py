"""The audit log: who did what to which object and when, filterable, never editable."""

import pytest
from django.urls import reverse
from django.utils import timezone

from conferences.models import Conference
from editorial.models import AuditEntry, Revision
from tests.conferences.factories import AbstractFactory
from tests.factories import ArticleFactory

from .conftest import form_data, make_editor

pytestmark = pytest.mark.django_db


def test_a_decision_on_abstracts_is_logged_with_the_editor(editor_client, eda):
    accepted, withdrawn = AbstractFactory(title="Accepted paper"), AbstractFactory(status="withdrawn")
    response = editor_client.post(
        reverse("admin:conferences_abstract_changelist"),
        {"action": "accept", "_selected_action": [accepted.pk, withdrawn.pk], "confirm": "yes"},
    )

    assert response.status_code == 302
    assert list(AuditEntry.objects.values_list("action", "object_repr", "user", "message")) == [
        ("decide", str(accepted), eda.pk, "Decision: accepted")
    ]


def test_a_conference_call_saved_in_the_admin_keeps_a_revision(editor_client, eda):
    call = AbstractFactory().conference
    url = reverse("admin:conferences_conference_change", args=[call.pk])
    response = editor_client.post(url, form_data(editor_client.get(url), title="A renamed call"))

    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Conference.objects.get(pk=call.pk).title == "A renamed call"
    latest = Revision.objects.for_object(call).first()
    assert (latest.user, latest.data["fields"]["title"]) == (eda, "A renamed call")


def test_the_audit_log_filters_by_person_object_and_date_and_cannot_be_edited(editor_client, eda):
    article, other = ArticleFactory(draft=True), ArticleFactory(draft=True)
    changelist = reverse("admin:articles_article_changelist")
    editor_client.post(changelist, {"action": "publish_now", "_selected_action": [article.pk, other.pk]})
    entry = AuditEntry.objects.for_object(article).get()

    url = reverse("admin:editorial_auditentry_changelist")
    filtered = editor_client.get(
        url,
        {
            "user__id__exact": eda.pk,
            "content_type__id__exact": entry.content_type_id,
            "object_id": str(article.pk),
            "created_at__year": timezone.localtime(entry.created_at).year,
            "created_at__month": timezone.localtime(entry.created_at).month,
            "created_at__day": timezone.localtime(entry.created_at).day,
        },
    )
    assert list(filtered.context["cl"].result_list) == [entry]
    assert (
        editor_client.get(reverse("admin:editorial_auditentry_change", args=[entry.pk])).context[
            "has_change_permission"
        ]
        is False
    )
    assert editor_client.post(reverse("admin:editorial_auditentry_delete", args=[entry.pk])).status_code == 403
    assert editor_client.get(reverse("admin:editorial_auditentry_add")).status_code == 403


def test_a_call_opened_before_another_editors_save_is_refused_and_has_a_history(client):
    from django.test import Client

    call = AbstractFactory().conference
    call.opens_at, call.deadline = (
        moment.replace(second=0, microsecond=0) for moment in (call.opens_at, call.deadline)
    )
    call.save()  # whole minutes, as the admin's form keeps them
    first, second = Client(), Client()
    first.force_login(make_editor("ana"))
    second.force_login(make_editor("bob"))
    url = reverse("admin:conferences_conference_change", args=[call.pk])
    opened_by_first, opened_by_second = first.get(url), second.get(url)

    assert first.post(url, form_data(opened_by_first, title="Ana's title")).status_code == 302
    refused = second.post(url, form_data(opened_by_second, subtitle="Bob's subtitle"))

    assert refused.status_code == 200
    assert [e.code for e in refused.context["adminform"].form.non_field_errors().as_data()] == ["edit_conflict"]
    assert [(c.name, c.after) for c in refused.context["conflict_changes"]] == [("title", "Ana's title")]
    assert Conference.objects.get(pk=call.pk).subtitle != "Bob's subtitle"

    history = first.get(reverse("admin:conferences_conference_history", args=[call.pk]))
    assert history.status_code == 200
    assert [revision.user.username for revision, _ in history.context["rows"] if revision.user] == ["ana"]
