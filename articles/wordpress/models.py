"""Where an imported article came from on the old WordPress site (its old addresses are redirects:
``editorial.Redirect``).

Kept beside ``Article`` rather than as fields on it: the identity matters only to the importer, an
article written here has none, and the article rows stay narrow (see migration 0004).
``articles/models.py`` imports these so that Django finds them.
"""

from django.db import models


class WordPressPost(models.Model):
    """The WordPress post an article was imported from: what a rerun finds it by (GUID, or site and post id)."""

    article = models.OneToOneField("articles.Article", on_delete=models.CASCADE, related_name="wordpress")
    site = models.CharField(max_length=300, help_text="The old site's address (post ids are unique within one).")
    post_id = models.PositiveBigIntegerField("WordPress post id")
    guid = models.CharField("WordPress GUID", max_length=500, db_index=True)
    link = models.URLField("old permalink", max_length=500, blank=True)
    imported_fields = models.JSONField(
        default=dict,
        editable=False,
        help_text="A digest of each value as last imported, to see what a newer export changed.",
    )
    imported_at = models.DateTimeField()

    class Meta:
        verbose_name = "WordPress post"
        constraints = [models.UniqueConstraint(fields=["site", "post_id"], name="wordpress_post_once_per_site")]

    def __str__(self):
        return f"WordPress post {self.post_id} → {self.article}"
