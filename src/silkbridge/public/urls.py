from django.urls import path

from silkbridge.public import discovery_views, legal_views, statistics_views
from silkbridge.public.feeds import OpportunityFeed

app_name = "public"
urlpatterns = [
    path("robots.txt", discovery_views.robots_txt, name="robots"),
    path("sitemap.xml", discovery_views.sitemap_index, name="sitemap"),
    path("sitemap-<slug:section>.xml", discovery_views.sitemap_section, name="sitemap-section"),
    path("feeds/opportunities/", OpportunityFeed(), name="opportunity-feed"),
    path("statistics/", statistics_views.statistics_page, name="statistics"),
    path("statistics/statistics.csv", statistics_views.statistics_csv, name="statistics-csv"),
    path("terms/", legal_views.terms, name="terms"),
    path("terms/<int:version>/", legal_views.terms, name="terms-version"),
    path("privacy/", legal_views.privacy, name="privacy"),
    path("privacy/<int:version>/", legal_views.privacy, name="privacy-version"),
    path("legal/<str:kind>/edit/", legal_views.edit_legal, name="legal-edit"),
]
