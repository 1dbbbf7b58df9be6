"""The editorial calendar: scheduled, embargoed and recently published pieces by day, week or month,
with the pieces in review beside it. An admin page (``ArticleAdmin.get_urls``), plain HTML.

*Scheduled*: published with a publication time ahead (goes live by itself). *Embargoed*: not yet
published but given a publication time ahead (held until then, and until an editor publishes it).
*Published*: live, with its publication time in the period shown.
"""

import datetime

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.dateparse import parse_date

from .models import Article, Authorship

VIEWS = {"day": "Day", "week": "Week", "month": "Month"}


def period(view, day):
    """``(first, last)`` dates shown: the day, its week (Monday to Sunday) or its month's whole weeks."""
    if view == "day":
        return day, day
    if view == "week":
        first = day - datetime.timedelta(days=day.weekday())
        return first, first + datetime.timedelta(days=6)
    start = day.replace(day=1)
    end = (start + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)
    return start - datetime.timedelta(days=start.weekday()), end + datetime.timedelta(days=6 - end.weekday())


def step(view, day, direction):
    if view == "day":
        return day + datetime.timedelta(days=direction)
    if view == "week":
        return day + datetime.timedelta(weeks=direction)
    month = day.replace(day=1) + datetime.timedelta(days=32 * direction if direction > 0 else -1)
    return month.replace(day=1)


def state_of(article, now):
    if article.status == Article.Status.PUBLISHED:
        return "Scheduled" if article.published_at > now else "Published"
    return "Embargoed" if article.published_at and article.published_at > now else article.get_status_display()


def with_bylines(articles):
    byline = Authorship.objects.select_related("author").order_by("position")
    return articles.select_related("kind").prefetch_related(Prefetch("authorships", queryset=byline)).defer("body")


def pieces_between(first, last):
    """Pieces with a publication time in ``[first, last]`` (local dates) that are published, scheduled or embargoed."""
    zone = timezone.get_current_timezone()
    start = datetime.datetime.combine(first, datetime.time.min, zone)
    end = datetime.datetime.combine(last + datetime.timedelta(days=1), datetime.time.min, zone)
    now = timezone.now()
    in_period = Article.objects.filter(published_at__gte=start, published_at__lt=end)
    embargoed = in_period.exclude(status=Article.Status.PUBLISHED).filter(published_at__gt=now)
    return with_bylines(in_period.filter(status=Article.Status.PUBLISHED) | embargoed).order_by("published_at")


def calendar_view(request):
    if not request.user.has_perm("articles.view_article"):
        raise PermissionDenied
    view = request.GET.get("view") if request.GET.get("view") in VIEWS else "month"
    today = timezone.localdate()
    day = parse_date(request.GET.get("date") or "") or today
    first, last = period(view, day)
    now = timezone.now()
    by_day = {}
    for article in pieces_between(first, last):
        article.state = state_of(article, now)
        by_day.setdefault(timezone.localdate(article.published_at), []).append(article)
    days = [first + datetime.timedelta(days=n) for n in range((last - first).days + 1)]
    cells = [(d, by_day.get(d, []), d.month == day.month or view != "month") for d in days]
    weeks = [cells[i : i + 7] for i in range(0, len(cells), 7)]
    in_review = with_bylines(Article.objects.filter(status=Article.Status.REVIEW)).order_by("-updated_at")
    context = {
        **admin.site.each_context(request),
        "title": "Editorial calendar",
        "opts": Article._meta,
        "view": view,
        "views": VIEWS,
        "day": day,
        "today": today,
        "weeks": weeks,
        "weekdays": [d.strftime("%A") for d in days[:7]],
        "previous": step(view, day, -1),
        "next": step(view, day, 1),
        "in_review": in_review,
        "scheduled_total": sum(1 for items in by_day.values() for a in items if a.state != "Published"),
    }
    return TemplateResponse(request, "admin/articles/calendar.html", context)
