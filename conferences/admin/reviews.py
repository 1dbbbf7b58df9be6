"""The admin of reviews: reviewers see their own assignments only, blind when the call says so."""

from django.contrib import admin
from django.template.loader import render_to_string

from ..models import Review


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    """Reviewers see their own assignments only; editors see every review."""

    list_display = ["abstract_title", "conference", "topic", "reviewer", "score", "scored_at"]
    list_filter = [("score", admin.EmptyFieldListFilter), "abstract__conference"]
    search_fields = ["abstract__title"]
    list_select_related = ["abstract__conference", "abstract__topic", "reviewer"]

    def is_editor(self, request):
        return request.user.has_perm("conferences.view_abstract")

    def get_queryset(self, request):
        queryset = super().get_queryset(request).select_related("abstract__conference", "abstract__topic", "reviewer")
        if self.is_editor(request):
            return queryset
        return queryset.filter(reviewer=request.user).without_conflicts()

    def get_list_display(self, request):
        if self.is_editor(request):
            return self.list_display
        return ["abstract_title", "conference", "topic", "score", "scored_at"]

    def get_fields(self, request, obj=None):
        if self.is_editor(request):
            return ["abstract", "reviewer", "abstract_details", "score", "comment"]
        return ["abstract_for_reviewer", "score", "comment"]

    def get_readonly_fields(self, request, obj=None):
        return ["abstract_details", "abstract_for_reviewer"]

    def has_add_permission(self, request):
        return self.is_editor(request) and super().has_add_permission(request)

    @admin.display(description="abstract", ordering="abstract__title")
    def abstract_title(self, review):
        return review.abstract.title

    @admin.display(description="conference", ordering="abstract__conference")
    def conference(self, review):
        return review.abstract.conference

    @admin.display(description="topic")
    def topic(self, review):
        return review.abstract.topic_title

    @admin.display(description="the abstract")
    def abstract_details(self, review):
        """What editors see: the abstract with its authors."""
        return render_abstract_for_review(review, blind=False)

    @admin.display(description="the abstract")
    def abstract_for_reviewer(self, review):
        """What a reviewer sees: no authors, affiliations or emails when the conference reviews blind."""
        return render_abstract_for_review(review, blind=review.abstract.conference.blind_review)


def render_abstract_for_review(review, blind):
    if not review.pk:
        return "Save to see the abstract."
    abstract = review.abstract
    return render_to_string(
        "admin/conferences/review/_abstract.html",
        {"abstract": abstract, "blind": blind, "paragraphs": abstract.text.split("\n\n")},
    )
