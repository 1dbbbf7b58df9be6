"""``manage.py import_wordpress FILE.xml``: import a WordPress export (WXR) as articles.

See README.md, "Moving from WordPress". The work is done by ``articles.wordpress``; this command
reads the options, runs it and prints the report.
"""

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.core.management.base import BaseCommand, CommandError

from articles.wordpress.load import Options, import_file
from articles.wordpress.parse import WxrError


def category_mapping(values):
    mapping = {}
    for value in values:
        name, sep, target = value.rpartition("=")
        if not sep or not name.strip() or not target.strip():
            raise CommandError(f"--category-map takes CATEGORY=TYPE (or =tag, =skip); got {value!r}.")
        mapping[name.strip().lower()] = target.strip()
    return mapping


class Command(BaseCommand):
    help = "Import a WordPress export (WXR file): posts become articles; reruns update, never duplicate."

    def add_arguments(self, parser):
        parser.add_argument("file", help="the WXR file (Tools → Export in WordPress)")
        parser.add_argument("--dry-run", action="store_true", help="report what would be imported; write nothing")
        parser.add_argument("--media-dir", help="the old site's wp-content/uploads folder, for featured images")
        parser.add_argument(
            "--fetch-media", action="store_true", help="download featured images from their URL when not in --media-dir"
        )
        parser.add_argument(
            "--status",
            choices=["draft", "as-exported"],
            default="as-exported",
            help="as-exported (default): publish→published, future→scheduled, pending→in review, draft→draft; "
            "draft: everything arrives as a draft",
        )
        parser.add_argument(
            "--category-map",
            action="append",
            default=[],
            metavar="CATEGORY=TYPE",
            help="map a category (slug or name) to an article type slug, or to 'tag' or 'skip'; repeatable. "
            "Default: a category named like a type (Analysis, Op-eds, …) gives the type, others become tags",
        )
        parser.add_argument("--default-type", default="analysis", help="the type of posts no category maps (analysis)")
        parser.add_argument("--include-pages", action="store_true", help="import pages too, as articles")
        parser.add_argument("--time-zone", help="for times the export gives without UTC (default: the export's own)")

    def handle(self, *args, **options):
        mapping = category_mapping(options["category_map"])
        if options["time_zone"]:
            try:
                ZoneInfo(options["time_zone"])
            except (ValueError, ZoneInfoNotFoundError) as exc:
                raise CommandError(
                    f"--time-zone {options['time_zone']!r} is not a time zone (e.g. Asia/Baku)."
                ) from exc
        import_options = Options(
            dry_run=options["dry_run"],
            status=options["status"],
            media_dir=options["media_dir"],
            fetch_media=options["fetch_media"],
            category_map=mapping,
            default_type=options["default_type"],
            post_types=("post", "page") if options["include_pages"] else ("post",),
            time_zone=options["time_zone"],
        )
        try:
            with open(options["file"], "rb") as file:
                report = import_file(file, import_options)
        except OSError as exc:
            raise CommandError(f"Cannot read {options['file']}: {exc.strerror}.") from exc
        except (WxrError, ValueError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write("\n".join(report.lines()))
