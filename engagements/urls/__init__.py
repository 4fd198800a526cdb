"""URLs of the engagements app, one module per audience (sales, client, worker)."""

from . import client, sales, worker

app_name = "engagements"
urlpatterns = [*sales.urlpatterns, *client.urlpatterns, *worker.urlpatterns]
