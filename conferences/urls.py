from django.urls import path

from . import views

app_name = "conferences"

urlpatterns = [
    path("", views.conference_index, name="index"),
    path("abstracts/<str:key>/", views.abstract_manage, name="abstract_manage"),
    path("abstracts/<str:key>/edit/", views.abstract_edit, name="abstract_edit"),
    path("abstracts/<str:key>/withdraw/", views.abstract_withdraw, name="abstract_withdraw"),
    path("abstract-status/<str:key>/", views.abstract_status, name="abstract_status"),
    path("simulations/received/<uuid:token>/", views.simulation_received, name="simulation_received"),
    path("simulations/<slug:series_slug>/", views.simulation_submit, name="simulation_submit"),
    path("<slug:slug>/", views.conference_detail, name="detail"),
    path("<slug:slug>/submit/", views.abstract_submit, name="abstract_submit"),
    path("<slug:slug>/submitted/<uuid:token>/", views.abstract_submitted, name="abstract_submitted"),
    path("<slug:slug>/proceedings/", views.proceedings, name="proceedings"),
    path("<slug:slug>/partners/", views.letter_submit, name="letter_submit"),
    path("<slug:slug>/partners/received/<uuid:token>/", views.letter_received, name="letter_received"),
]
