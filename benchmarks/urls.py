"""The site's URLs plus the benchmark's two floors; used only when ``BENCHMARK_URLS=1`` (never in production)."""

from django.urls import path

from caucasuscenter.urls import urlpatterns as site_urlpatterns

from . import views

urlpatterns = [
    path("_bench/constant/", views.constant, name="bench_constant"),
    path("_bench/rows/", views.rows, name="bench_rows"),
    path("_bench/save/", views.save, name="bench_save"),
    *site_urlpatterns,
]
