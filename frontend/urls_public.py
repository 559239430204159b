"""Public routes (no login): fact-check pages, their index, feeds and sitemap; and the editors' two
actions on a claim's publication."""

from django.contrib.sitemaps.views import sitemap
from django.urls import path

from frontend import public_feeds, public_views, publication_views

urlpatterns = [
    path("fact-checks/", public_views.fact_check_index, name="fact-check-index"),
    path("fact-checks/feed/", public_feeds.FactCheckFeed(), name="fact-check-feed"),
    path("fact-checks/feed/atom/", public_feeds.FactCheckAtomFeed(), name="fact-check-feed-atom"),
    path("fact-checks/<slug:slug>/", public_views.fact_check_detail, name="fact-check"),
    path(
        "sitemap.xml",
        sitemap,
        {"sitemaps": {"fact-checks": public_feeds.FactCheckSitemap}},
        name="django.contrib.sitemaps.views.sitemap",
    ),
    # Editors (signed in): how the claim is published, and withdrawing its page.
    path(
        "claims/<int:pk>/publication/", publication_views.claim_publication_update, name="claim-publication"
    ),
    path("claims/<int:pk>/unpublish/", publication_views.claim_unpublish, name="claim-page-unpublish"),
]
