"""URLs of the engagements app: one module per audience, plus the formats
(competitions, task batches, hourly work)."""

from . import client, formats, sales, worker

app_name = "engagements"
urlpatterns = [
    *sales.urlpatterns,
    *client.urlpatterns,
    *worker.urlpatterns,
    *formats.urlpatterns,
]
