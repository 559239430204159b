"""Root URLs: the browser UI, the admin, the REST API and its schema."""

from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path, re_path
from django.utils.functional import lazy
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from factcheck import errors
from factcheck.api_root import ApiRoot

urlpatterns = [
    # The token admin's pages were under the claims app until tokens had an app of their own.
    re_path(
        r"^admin/claims/apitoken/(?P<rest>.*)$",
        RedirectView.as_view(url="/admin/tokens/apitoken/%(rest)s", permanent=True, query_string=True),
    ),
    # Browsers ask for /favicon.ico by themselves where a page names no icon (the API's JSON, a file).
    # Not permanent: the icon's name carries its hash, and a browser keeps a 301 after the icon changes.
    path("favicon.ico", RedirectView.as_view(url=lazy(static, str)("frontend/favicon.svg"), permanent=False)),
    path("admin/", admin.site.urls),
    path("api/v1/", ApiRoot.as_view(), name="api-root"),
    path("api/v1/", include("sources.urls")),
    path("api/v1/", include("claims.urls")),
    path("api/v1/", include("claims.assist.urls")),
    path("api/v1/", include("claims.tokens.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    re_path(r"^api/(?P<rest>[\s\S]*)$", errors.no_api_route),  # any character, a newline too
    path("", include("frontend.urls")),
]

# Under /api/ in the API's error shape (factcheck.errors); elsewhere the site's 400 page, Django's 404.
handler400 = "factcheck.errors.bad_request"
handler404 = "factcheck.errors.page_not_found"
