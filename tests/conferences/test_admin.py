"""Editors review and decide in the admin; reviewers score what they are assigned, blind if the call says so."""

import csv
import io

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.core.exceptions import ValidationError

from conferences.models import Abstract, AbstractAuthor, EmailTemplate, OutgoingEmail, Review

from .factories import AbstractFactory, ConferenceFactory, editor, review, reviewer
from .html import texts

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/conferences/abstract/"


def codenames(group_name):
    group = Group.objects.get(name=group_name)
    return sorted(
        f"{p.content_type.app_label}.{p.codename}"
        for p in group.permissions.select_related("content_type")
        if p.content_type.app_label == "conferences"
    )


def test_reviewers_have_exactly_what_reviewing_needs():
    assert codenames("Reviewers") == ["conferences.change_review", "conferences.view_review"]


def test_editors_run_calls_decide_and_watch_the_outbox_but_cannot_forge_emails_or_submissions():
    perms = codenames("Editors")
    assert "conferences.decide_abstract" in perms
    assert "conferences.add_conference" in perms
    assert "conferences.change_emailtemplate" in perms
    assert "conferences.view_outgoingemail" in perms
    assert "conferences.add_outgoingemail" not in perms
    assert "conferences.delete_outgoingemail" not in perms
    assert "conferences.add_letterofinterest" not in perms
    assert "conferences.add_simulationsubmission" not in perms
    assert "conferences.view_ratelimithit" not in perms


def run_action(client, action, abstracts, **extra):
    return client.post(
        CHANGELIST, {"action": action, "_selected_action": [a.pk for a in abstracts], **extra}, follow=False
    )


def messages_of(response):
    return [str(m) for m in response.wsgi_request._messages]


# ---------- Reviewers ----------


def test_an_editor_assigns_a_reviewer_to_several_abstracts_but_never_to_their_own(client):
    client.force_login(editor())
    expert = reviewer(email="expert@example.org")
    first, second = AbstractFactory(title="First"), AbstractFactory(title="Second")
    own = AbstractFactory(title="Own", authors=[("The Expert", "Institute", "EXPERT@example.org")])

    page = run_action(client, "assign_reviewer", [first, second, own])
    assert page.status_code == 200
    assert [str(u) for u in page.context["form"].fields["reviewer"].queryset] == ["reviewer"]

    done = run_action(client, "assign_reviewer", [first, second, own], apply="1", reviewer=expert.pk)

    assert done.status_code == 302
    assert sorted(Review.objects.values_list("abstract__title", flat=True)) == ["First", "Second"]
    assert messages_of(done) == [
        "Assigned reviewer to 2 abstract(s); 0 already had them.",
        "Not assigned to 1 abstract(s) that reviewer cannot review: “Own”",
    ]


def test_a_review_of_ones_own_abstract_is_refused_with_the_reason():
    expert = reviewer(email="expert@example.org")
    own = AbstractFactory(authors=[("The Expert", "Institute", "expert@example.org")])

    with pytest.raises(ValidationError) as raised:
        Review(abstract=own, reviewer=expert).full_clean()

    assert raised.value.message_dict == {
        "reviewer": ["reviewer is an author of this abstract (expert@example.org) and cannot review it."]
    }


def test_a_reviewer_sees_only_their_own_assignments_and_never_an_abstract_they_became_an_author_of(client):
    me, other = reviewer("me", "me@example.org"), reviewer("other", "other@example.org")
    mine, theirs, later_mine = (
        AbstractFactory(title="Mine"),
        AbstractFactory(title="Theirs"),
        AbstractFactory(title="Later"),
    )
    review(mine, me), review(theirs, other), review(later_mine, me)
    AbstractAuthor.objects.create(abstract=later_mine, position=3, name="Me", affiliation="X", email="ME@example.org")
    client.force_login(me)

    response = client.get("/admin/conferences/review/")

    assert [r.abstract.title for r in response.context["cl"].result_list] == ["Mine"]
    assert client.get(CHANGELIST).status_code == 403


def test_blind_review_hides_authors_names_affiliations_and_emails_from_reviewers_only(client):
    conference = ConferenceFactory(blind_review=True)
    abstract = AbstractFactory(
        conference=conference, authors=[("Anna Petrosyan", "Yerevan State University", "anna@example.org")]
    )
    me = reviewer()
    assignment = review(abstract, me)
    url = f"/admin/conferences/review/{assignment.pk}/change/"

    client.force_login(me)
    html = client.get(url).content.decode()
    assert texts(html, attr="data-authors") == ["Hidden: this conference reviews blind."]
    assert "Anna Petrosyan" not in html
    assert "Yerevan State University" not in html
    assert "anna@example.org" not in html

    client.force_login(editor())
    assert texts(client.get(url), attr="data-authors") == [
        "Anna Petrosyan (Yerevan State University) <anna@example.org>"
    ]

    conference.blind_review = False
    conference.save()
    client.force_login(me)
    assert texts(client.get(url), attr="data-authors") == [
        "Anna Petrosyan (Yerevan State University) <anna@example.org>"
    ]


def test_a_reviewer_scores_and_comments(client):
    me = reviewer()
    assignment = review(AbstractFactory(), me)
    client.force_login(me)

    response = client.post(f"/admin/conferences/review/{assignment.pk}/change/", {"score": "4", "comment": "Solid."})

    assignment.refresh_from_db()
    assert response.status_code == 302
    assert (assignment.score, assignment.comment, assignment.scored_at is not None) == (4, "Solid.", True)


# ---------- The abstract list ----------


def test_the_list_shows_the_mean_score_and_how_far_reviewers_disagree(client):
    client.force_login(editor())
    split = AbstractFactory(title="Split")
    review(split, reviewer("r1", "r1@example.org"), score=2)
    review(split, reviewer("r2", "r2@example.org"), score=5)
    review(split, reviewer("r3", "r3@example.org"))
    AbstractFactory(title="Unreviewed")

    response = client.get(CHANGELIST)

    admin = response.context["cl"].model_admin
    rows = {
        a.title: (admin.mean_score(a), admin.score_spread(a), admin.reviews_display(a))
        for a in response.context["cl"].result_list
    }
    assert rows == {"Split": ("3.50", 3, "2 of 3"), "Unreviewed": ("—", "—", "0 of 0")}


def test_the_list_counts_abstracts_per_topic_and_status_as_filtered(client):
    client.force_login(editor())
    conference = ConferenceFactory(topics=["Law", "Trade"])
    law, trade = conference.topics.all()
    AbstractFactory(conference=conference, topic=law)
    AbstractFactory(conference=conference, topic=law, status="accepted")
    AbstractFactory(conference=conference, topic=trade, status="rejected")
    AbstractFactory(conference=conference, topic=None)
    AbstractFactory(title="Elsewhere")

    response = client.get(CHANGELIST, {"conference__id__exact": conference.pk})

    counts = response.context["counts"]
    assert counts["statuses"] == ["Submitted", "Under review", "Accepted", "Rejected", "Waitlisted", "Withdrawn"]
    assert [(line["topic"], line["counts"], line["total"]) for line in counts["lines"]] == [
        ("Law", [1, 0, 1, 0, 0, 0], 2),
        ("Trade", [0, 0, 0, 1, 0, 0], 1),
        ("Another relevant issue", [1, 0, 0, 0, 0, 0], 1),
    ]
    assert (counts["totals"], counts["total"]) == ([2, 0, 1, 1, 0, 0], 4)


def test_the_list_filters_and_searches_by_author_affiliation(client):
    client.force_login(editor())
    AbstractFactory(title="Match", authors=[("Ana", "Khazar University", "ana@example.org")])
    AbstractFactory(title="Other")
    response = client.get(CHANGELIST, {"q": "khazar"})
    assert [a.title for a in response.context["cl"].result_list] == ["Match"]


def test_csv_export_has_authors_affiliations_and_neutralises_formulas(client):
    client.force_login(editor())
    abstract = AbstractFactory(
        title="=HYPERLINK(1)",
        authors=[
            ("Ana", "Univ A", "ana@example.org"),
            ("Ben", "Univ B", "ben@example.org"),
            ("Cem", "Univ A", "cem@example.org"),
        ],
    )
    review(abstract, reviewer(), score=4)

    response = run_action(client, "export_csv", [abstract])

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    header, row = rows
    record = dict(zip(header, row, strict=True))
    assert record["Title"] == "'=HYPERLINK(1)"
    assert record["Authors"] == "Ana (Univ A); Ben (Univ B); Cem (Univ A)"
    assert record["Affiliations"] == "Univ A; Univ B"
    assert record["Author emails"] == "ana@example.org; ben@example.org; cem@example.org"
    assert (record["Contact author"], record["Contact email"]) == ("Ana", "ana@example.org")
    assert (record["Status"], record["Reviews"], record["Mean score"]) == ("Submitted", "1", "4.00")


# ---------- Decisions ----------


def test_a_bulk_decision_is_previewed_then_sent_to_every_author(client):
    client.force_login(editor())
    first = AbstractFactory(title="First")
    second = AbstractFactory(title="Second")
    withdrawn = AbstractFactory(title="Gone", status="withdrawn")

    preview = run_action(client, "accept", [first, second, withdrawn])

    assert preview.status_code == 200
    assert texts(preview, attr="data-preview-subject") == ["Accepted: Gone", "Accepted: Second", "Accepted: First"]
    assert texts(preview, attr="data-preview-body")[2].startswith(
        "Dear Anna Petrosyan, we are pleased to tell you that your abstract “First” has been accepted"
    )
    assert Abstract.objects.filter(status="accepted").count() == 0
    assert OutgoingEmail.objects.count() == 0

    sent = run_action(client, "accept", [first, second, withdrawn], confirm="yes")

    assert sent.status_code == 302
    assert sorted(Abstract.objects.filter(status="accepted").values_list("title", flat=True)) == ["First", "Second"]
    assert Abstract.objects.get(pk=withdrawn.pk).status == "withdrawn"
    assert OutgoingEmail.objects.filter(kind="decision_accepted").count() == 4
    assert messages_of(sent) == [
        "2 abstract(s) accepted; 4 email(s) queued to their authors.",
        "1 withdrawn abstract(s) left as they are: “Gone”",
    ]


def test_decisions_use_the_template_the_editors_edited(client):
    client.force_login(editor())
    EmailTemplate.objects.filter(kind="decision_rejected", conference=None).update(
        subject="About {{ abstract.title }}", body="Dear {{ author.name }}, not this time."
    )
    abstract = AbstractFactory(title="Paper", authors=[("Ana", "U", "ana@example.org")])

    run_action(client, "reject", [abstract], confirm="yes")

    assert list(OutgoingEmail.objects.values_list("to", "subject", "body")) == [
        ("ana@example.org", "About Paper", "Dear Ana, not this time.")
    ]


def test_only_users_who_may_decide_see_the_decision_actions(client):
    clerk = User.objects.create_user("clerk", "clerk@example.org", "x", is_staff=True)
    clerk.user_permissions.add(*Permission.objects.filter(codename__in=["view_abstract", "change_abstract"]))
    client.force_login(clerk)
    AbstractFactory()

    actions = [name for name, _label in client.get(CHANGELIST).context["action_form"].fields["action"].choices]

    assert "accept" not in actions
    assert "assign_reviewer" in actions


# ---------- Email templates and the outbox ----------


def test_an_email_template_shows_a_preview_and_refuses_broken_syntax(client):
    client.force_login(editor())
    AbstractFactory(title="Previewed paper")
    template = EmailTemplate.objects.get(kind="decision_accepted", conference=None)
    url = f"/admin/conferences/emailtemplate/{template.pk}/change/"

    page = client.get(url)
    assert "Accepted: Previewed paper" in page.content.decode()

    response = client.post(url, {"kind": template.kind, "conference": "", "subject": "Hi", "body": "{% if %}"})
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["body"] == [
        "This template has an error: Unexpected end of expression in if tag."
    ]


def test_the_outbox_shows_what_has_not_been_sent_and_why_and_retries_on_demand(client):
    client.force_login(editor())
    OutgoingEmail.objects.create(to="a@example.org", subject="Sent", body="B", status="sent")
    failed = OutgoingEmail.objects.create(
        to="b@example.org", subject="Failed", body="B", status="failed", attempts=10, last_error="SMTPException: no"
    )

    response = client.get("/admin/conferences/outgoingemail/", {"status__exact": "failed"})
    assert [e.subject for e in response.context["cl"].result_list] == ["Failed"]
    assert "SMTPException: no" in response.content.decode()

    client.post("/admin/conferences/outgoingemail/", {"action": "retry_now", "_selected_action": [failed.pk]})
    failed.refresh_from_db()
    assert failed.status == "queued"


def test_the_conference_form_shows_times_in_the_conferences_own_time_zone(client):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    client.force_login(editor())
    deadline = datetime(2030, 6, 30, 23, 59, 59, tzinfo=ZoneInfo("Europe/Paris"))
    conference = ConferenceFactory(time_zone="Europe/Paris", deadline=deadline)

    html = client.get(f"/admin/conferences/conference/{conference.pk}/change/").content.decode()

    # British English: the date field reads day-first (ISO dates are still accepted).
    assert 'name="deadline_0" value="30/06/2030"' in html
    assert 'name="deadline_1" value="23:59:59"' in html


def test_every_conference_admin_page_opens_for_an_editor(client):
    from articles.models import Series
    from conferences.models import LetterOfInterest, SimulationSubmission

    client.force_login(editor())
    abstract = AbstractFactory()
    review(abstract, reviewer(), score=3)
    letter = LetterOfInterest.objects.create(
        conference=abstract.conference, organisation="O", contact_person="P", email="p@example.org", message="M"
    )
    series = Series.objects.create(title="S", slug="s", invitation="<p>Send.</p>")
    simulation = SimulationSubmission.objects.create(
        series=series,
        full_name="F",
        position="P",
        email="f@example.org",
        phone="+994 50 123 45 67",
        title="T",
        text="X",
    )
    email = OutgoingEmail.objects.create(to="a@example.org", subject="S", body="B")
    template = EmailTemplate.objects.first()
    pages = [
        "/admin/conferences/",
        "/admin/conferences/conference/",
        "/admin/conferences/conference/add/",
        f"/admin/conferences/conference/{abstract.conference.pk}/change/",
        CHANGELIST,
        f"/admin/conferences/abstract/{abstract.pk}/change/",
        "/admin/conferences/review/",
        f"/admin/conferences/review/{abstract.reviews.get().pk}/change/",
        "/admin/conferences/emailtemplate/",
        "/admin/conferences/emailtemplate/add/",
        f"/admin/conferences/emailtemplate/{template.pk}/change/",
        "/admin/conferences/outgoingemail/",
        f"/admin/conferences/outgoingemail/{email.pk}/change/",
        "/admin/conferences/letterofinterest/",
        f"/admin/conferences/letterofinterest/{letter.pk}/change/",
        "/admin/conferences/simulationsubmission/",
        f"/admin/conferences/simulationsubmission/{simulation.pk}/change/",
    ]

    assert {url: client.get(url).status_code for url in pages} == dict.fromkeys(pages, 200)


def test_an_abstracts_topic_must_belong_to_its_conference():
    abstract = AbstractFactory()
    abstract.topic = ConferenceFactory().topics.first()
    with pytest.raises(ValidationError) as raised:
        abstract.full_clean()
    assert raised.value.message_dict["topic"] == ["Choose a topic of this abstract's conference."]


def test_assigning_without_choosing_a_reviewer_says_so(client):
    client.force_login(editor())
    abstract = AbstractFactory()
    response = run_action(client, "assign_reviewer", [abstract], apply="1", reviewer="")
    assert response.context["form"].errors == {"reviewer": ["Choose a reviewer."]}
    assert Review.objects.count() == 0


def test_an_abstracts_page_sums_up_its_reviews_and_gives_its_private_links(client):
    client.force_login(editor())
    abstract = AbstractFactory()
    review(abstract, reviewer("r1", "r1@example.org"), score=2, comment="Thin <evidence>.")
    review(abstract, reviewer("r2", "r2@example.org"), score=5)
    review(abstract, reviewer("r3", "r3@example.org"))

    response = client.get(f"/admin/conferences/abstract/{abstract.pk}/change/")

    fields = texts(response, "readonly")
    summary = next(text for text in fields if "scored" in text)
    assert summary == (
        "2 of 3 scored; mean 3.50; disagreement (max − min) 3. "
        "r1: 2 – weak reject — Thin <evidence>.r2: 5 – strong accept r3: not scored"
    )
    assert "Thin &lt;evidence&gt;." in response.content.decode()
    links = next(text for text in fields if text.startswith("Contact author:"))
    assert links == (
        f"Contact author: https://ccsis.example/conference/abstracts/{abstract.manage_key}/"
        f"Co-authors: https://ccsis.example/conference/abstract-status/{abstract.status_key}/"
    )


def test_an_abstract_without_reviewers_says_so():
    from django.contrib import admin

    from conferences.admin.abstracts import AbstractAdmin

    model_admin = AbstractAdmin(Abstract, admin.site)
    assert model_admin.review_summary(AbstractFactory()) == "No reviewer assigned yet."
    assert model_admin.review_summary(Abstract()) == model_admin.private_links(Abstract()) == "—"


def test_a_reviewer_reads_the_abstract_paragraph_by_paragraph(client):
    me = reviewer()
    abstract = AbstractFactory(title="Trust & law", text="First <point>.\n\nSecond point.")
    assignment = review(abstract, me)
    client.force_login(me)

    response = client.get(f"/admin/conferences/review/{assignment.pk}/change/")

    assert texts(response, attr="data-abstract-title") == ["Trust & law"]
    assert texts(response, "conf-review__text") == ["First <point>.Second point."]
    assert "<p>First &lt;point&gt;.</p><p>Second point.</p>" in response.content.decode()
