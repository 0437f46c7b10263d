"""Public verification and residents' certificates, included by cms/urls.py at the root."""

from django.urls import path

from . import views

app_name = "citizen_titles"
urlpatterns = [
    path("xac-minh/", views.verify_form, name="verify_form"),
    path("xac-minh/<str:code>/", views.verify, name="verify"),
    path("danh-hieu/tu-danh-gia/", views.self_assessment_start, name="self_assessment_start"),
    path("danh-hieu/<int:pk>/tu-danh-gia/", views.self_assessment, name="self_assessment"),
    path("danh-hieu/<int:pk>/chung-nhan/", views.certificate_page, name="certificate"),
    path("danh-hieu/<int:pk>/chung-nhan.pdf", views.certificate_pdf, name="certificate_pdf"),
    path("danh-hieu/<int:pk>/open-badge.jwt", views.badge, name="badge"),
    path("danh-hieu/<int:pk>/hien-ten/", views.name_consent, name="name_consent"),
    path("danh-hieu/to-chuc-cap.json", views.issuer, name="issuer"),
    path("danh-hieu/khoa-cong-khai.json", views.jwks, name="jwks"),
    path("danh-hieu/thanh-tich/<slug:key>.json", views.achievement, name="achievement"),
]
