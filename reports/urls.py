"""URLs of reports, under /p/<slug>/reports/."""

from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("", views.session_list, name="session_list"),
    path("scrutiny/new/", views.session_create, name="session_create"),
    path("scrutiny/<int:pk>/", views.session_detail, name="session_detail"),
    path("scrutiny/<int:pk>/pack.docx", views.pack_docx, name="pack_docx"),
    path("scrutiny/<int:pk>/pack.pdf", views.pack_pdf, name="pack_pdf"),
    path("scrutiny/<int:pk>/witnesses/new/", views.witness_add, name="witness_add"),
    path("scrutiny/<int:pk>/questions/new/", views.question_add, name="question_add"),
    path(
        "scrutiny/<int:pk>/recommendations/new/",
        views.recommendation_add,
        name="recommendation_add",
    ),
    path("questions/<int:pk>/", views.question_links, name="question_links"),
    path("questions/<int:pk>/answer/", views.question_answer, name="question_answer"),
    path("questions/<int:pk>/links/new/", views.link_add, name="link_add"),
    path("links/<int:pk>/decide/", views.link_decide, name="link_decide"),
    path("compliance/", views.compliance_page, name="compliance"),
    path("compliance/plan-sent/", views.plan_sent_create, name="plan_sent_create"),
    path("compliance/data-received/", views.data_receipt_create, name="data_receipt_create"),
    path("compliance.ics", views.compliance_ics, name="compliance_ics"),
    path("board/", views.board_list, name="board_list"),
    path("board/new/", views.board_create, name="board_create"),
    path("board/<int:pk>/", views.board_detail, name="board_detail"),
    path("board/<int:pk>/update.docx", views.board_docx, name="board_docx"),
    path("board/<int:pk>/update.pdf", views.board_pdf, name="board_pdf"),
    path("board/<int:pk>/narrative/", views.board_edit, name="board_edit"),
    path("board/<int:pk>/issue/", views.board_issue, name="board_issue"),
    path("recommendations/", views.tracker, name="tracker"),
    path(
        "recommendations/<int:pk>/respond/",
        views.recommendation_respond,
        name="recommendation_respond",
    ),
    path("recommendations/<int:pk>/copies/", views.copy_record, name="copy_record"),
]
