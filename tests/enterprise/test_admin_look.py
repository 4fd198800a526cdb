"""The Django admin keeps its look, with the site's name and icon."""

from django.contrib.auth import get_user_model


def test_admin_pages_name_the_site_and_link_its_icon(client, db):
    admin = get_user_model().objects.create_superuser("root", "root@example.jp", "x")
    client.force_login(admin)
    page = client.get("/admin/").content.decode()
    assert 'rel="icon"' in page and "img/favicon.svg" in page
    assert "元請 管理画面" in page
