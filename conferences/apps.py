from datetime import timedelta

from django.apps import AppConfig

# A call is open up to and including its deadline (Conference.is_open); it is closed just after.
CLOSED_AFTER = timedelta(microseconds=1)


class ConferencesConfig(AppConfig):
    name = "conferences"
    verbose_name = "Conferences"

    def ready(self):
        from django.db.models import Min, Q

        import editorial
        from caucasuscenter.shared import pagecache

        from .models import Abstract, Conference, ProgrammeFeature, Topic

        # Cached public pages change when a call or its topics change, when an accepted
        # abstract (the proceedings) changes, and by themselves when a call opens or closes.
        pagecache.invalidate_on_change(Conference, Topic, ProgrammeFeature)
        editorial.register(  # revisions of calls, which readers see
            Conference,
            related=[
                editorial.Children("topics", ["position", "title"], verbose_name="topics"),
                editorial.Children("features", ["position", "kind", "title"], verbose_name="programme features"),
            ],
        )
        pagecache.invalidate_on_change(Abstract, when=lambda abstract: abstract.status == Abstract.Status.ACCEPTED)

        @pagecache.expire_at
        def next_call_opens_or_closes(now):
            moments = Conference.objects.aggregate(
                opens=Min("opens_at", filter=Q(opens_at__gt=now)),
                closes=Min("deadline", filter=Q(deadline__gte=now)),
            )
            closes = moments["closes"] and moments["closes"] + CLOSED_AFTER
            return min((m for m in (moments["opens"], closes) if m is not None), default=None)
