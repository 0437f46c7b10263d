from django.urls import path

from .views import autocomplete_view, search_view

app_name = "search"
urlpatterns = [
    path("tim-kiem/", search_view, name="search"),
    path("tim-kiem/goi-y/", autocomplete_view, name="autocomplete"),
]
