"""Profile (digest settings, API tokens), the digest preview, and the one-click unsubscribe."""

from django.urls import path

from frontend import account_views

urlpatterns = [
    path("profile/", account_views.profile, name="profile"),
    path("profile/tokens/", account_views.token_create, name="token-create"),
    path("profile/tokens/<int:token_id>/revoke/", account_views.token_revoke, name="token-revoke"),
    path("digest/preview/", account_views.digest_preview, name="digest-preview"),
    path("digest/preview/email/", account_views.digest_preview_email, name="digest-preview-email"),
    path("digest/unsubscribe/<str:token>/", account_views.digest_unsubscribe, name="digest-unsubscribe"),
]
