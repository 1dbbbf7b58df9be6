"""The conference section's addresses, under /conference/ (caucasuscenter/urls.py)."""

from django.urls import path

from .views import abstracts, calls, contributions

app_name = "conferences"

urlpatterns = [
    path("", calls.conference_index, name="index"),
    path("abstracts/<str:key>/", abstracts.abstract_manage, name="abstract_manage"),
    path("abstracts/<str:key>/edit/", abstracts.abstract_edit, name="abstract_edit"),
    path("abstracts/<str:key>/withdraw/", abstracts.abstract_withdraw, name="abstract_withdraw"),
    path("abstract-status/<str:key>/", abstracts.abstract_status, name="abstract_status"),
    path("simulations/received/<uuid:token>/", contributions.simulation_received, name="simulation_received"),
    path("simulations/<slug:series_slug>/", contributions.SimulationSubmitView.as_view(), name="simulation_submit"),
    path("<slug:slug>/", calls.conference_detail, name="detail"),
    path("<slug:slug>/submit/", abstracts.AbstractSubmitView.as_view(), name="abstract_submit"),
    path("<slug:slug>/submitted/<uuid:token>/", abstracts.abstract_submitted, name="abstract_submitted"),
    path("<slug:slug>/proceedings/", calls.proceedings, name="proceedings"),
    path("<slug:slug>/partners/", contributions.LetterSubmitView.as_view(), name="letter_submit"),
    path("<slug:slug>/partners/received/<uuid:token>/", contributions.letter_received, name="letter_received"),
]
