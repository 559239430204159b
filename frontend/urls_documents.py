"""Dashboard, document list and import pages."""

from django.urls import path

from frontend import documents_views as views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("documents/", views.document_list, name="documents"),
    path("documents/import/", views.document_import, name="document-import"),
    # One file per request, answered in JSON: import.js shows each file's progress and result.
    path("documents/import/file/", views.document_import_file, name="document-import-file"),
]
