"""Residents' accounts, included by cms/urls.py at /tai-khoan/."""

from django.urls import path

from . import views
from .declarations import views as declaration_views

app_name = "citizen_profiles"
urlpatterns = [
    path("", views.profile, name="profile"),
    path("dang-ky/", views.signup, name="signup"),
    path("dang-nhap/", views.SignInView.as_view(), name="login"),
    path("dang-xuat/", views.SignOutView.as_view(), name="logout"),
    path("quen-mat-khau/", views.ResidentPasswordResetView.as_view(), name="password_reset"),
    path(
        "quen-mat-khau/da-gui/",
        views.ResidentPasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "dat-lai-mat-khau/<uidb64>/<token>/",
        views.ResidentPasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "dat-lai-mat-khau/xong/",
        views.ResidentPasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("hoc-tap/", views.my_learning, name="my_learning"),
    path("hoc-tap/in/", views.my_learning_print, name="my_learning_print"),
    path("hoc-tap/xapi.json", views.my_learning_xapi, name="my_learning_xapi"),
    path("sua-thong-tin/", views.profile_edit, name="profile_edit"),
    path("nhan-ho-so/", views.claim, name="claim"),
    path("tai-du-lieu/", views.data_export, name="data_export"),
    path("yeu-cau-xoa/", views.deletion_request, name="deletion_request"),
    path("chinh-sach-du-lieu/", views.privacy_notice, name="privacy_notice"),
    path("khai-bao/", declaration_views.declaration_list, name="declarations"),
    path("khai-bao/moi/", declaration_views.declaration_new, name="declaration_new"),
    path(
        "khai-bao/<int:pk>/rut/",
        declaration_views.declaration_withdraw,
        name="declaration_withdraw",
    ),
    path(
        "khai-bao/<int:pk>/minh-chung/",
        declaration_views.declaration_evidence,
        name="declaration_evidence",
    ),
]
