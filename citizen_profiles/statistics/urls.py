from django.urls import path

from . import views

app_name = "citizen_statistics"
urlpatterns = [
    path("thong-ke/", views.public_statistics, name="public"),
    path("api/thong-ke/", views.api_statistics, name="api"),
]
