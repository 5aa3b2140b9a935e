"""URLs of the public pages, mounted at the site root."""

from django.urls import path

from . import views

app_name = "public"

urlpatterns = [
    path("", views.search_page, name="search"),
    path("claims/<int:pk>/", views.claim_page, name="claim"),
    path("sources/<int:pk>/", views.source_page, name="source"),
    path("speakers/<int:pk>/", views.speaker_page, name="speaker"),
    path("outlets/<int:pk>/", views.outlet_page, name="outlet"),
]
