"""``Author.position`` becomes ``Author.job_title``: "position" is an ordering index everywhere else
(``Authorship.position``, ``ArticleType.position``, the conference models), and this one is a job title.
A rename only: the column keeps its values."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0005_sqlite_full_text_index"),
    ]

    operations = [
        migrations.RenameField(model_name="author", old_name="position", new_name="job_title"),
    ]
