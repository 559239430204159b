"""Browser UI routes: sign in/out here, then one module per area of the UI."""

from django.contrib.auth import views as auth_views
from django.urls import include, path

urlpatterns = [
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", include("frontend.urls_documents")),  # dashboard, documents, import
    path("", include("frontend.urls_reader")),  # the reader: marking claims, linking evidence
    path("", include("frontend.urls_claims")),  # claim pages, editorial verdicts, orphaned spans
    path("", include("frontend.urls_suggestions")),  # the reader's Suggestions tab, suggested evidence
    path("", include("frontend.urls_account")),  # profile, tokens, digest preview
    path("", include("frontend.urls_public")),  # public fact-check pages, feeds, sitemap (no login)
]
