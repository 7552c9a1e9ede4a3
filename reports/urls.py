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
    path("annual/", views.board_list, {"kind": "annual"}, name="annual_list"),
    path("annual/new/", views.board_create, {"kind": "annual"}, name="annual_create"),
    path("annual/<int:pk>/", views.board_detail, {"kind": "annual"}, name="annual_detail"),
    path("annual/<int:pk>/report.docx", views.board_docx, {"kind": "annual"}, name="annual_docx"),
    path("annual/<int:pk>/report.pdf", views.board_pdf, {"kind": "annual"}, name="annual_pdf"),
    path("annual/<int:pk>/narrative/", views.board_edit, {"kind": "annual"}, name="annual_edit"),
    path("annual/<int:pk>/issue/", views.board_issue, {"kind": "annual"}, name="annual_issue"),
    path("plans/<int:pk>/", views.plan_document_page, name="plan_document"),
    path("plans/<int:pk>/plan.docx", views.plan_docx, name="plan_docx"),
    path("plans/<int:pk>/plan.pdf", views.plan_pdf, name="plan_pdf"),
    path("recommendations/", views.tracker, name="tracker"),
    path(
        "recommendations/<int:pk>/respond/",
        views.recommendation_respond,
        name="recommendation_respond",
    ),
    path("recommendations/<int:pk>/copies/", views.copy_record, name="copy_record"),
]
