"""The header menu: a link two roles share is listed once, each role's links
sit under its own label for people with several roles, an entry may name a
task group, and a phone folds the menu behind one button."""

from django.test import RequestFactory

from enterprise.context_processors import navigation
from enterprise.roles import ROLES


def _menus(user):
    request = RequestFactory().get("/")
    request.user = user
    return navigation(request)["role_menus"]


def test_the_admin_sees_each_link_once_under_a_role_label(db, make_user):
    admin = make_user("kanri", roles=list(ROLES))
    menus = _menus(admin)
    urls = [url for menu in menus for url, _label in menu["links"]]
    assert len(menus) > 1
    assert len(urls) == len(set(urls))
    assert all(menu["label"] for menu in menus)


def test_a_menu_entry_may_name_its_task_group(db, make_user, monkeypatch):
    from enterprise import context_processors

    monkeypatch.setattr(
        context_processors,
        "navigation_for",
        lambda role: [("audit_log", "Audit log", "Records"), ("home", "Home")],
    )
    user = make_user("keiri", roles=["finance"])
    menu = _menus(user)[0]
    labels = [group["label"] for group in menu["groups"]]
    assert "Records" in labels
    assert [label for _url, label in menu["links"]][1:] == ["Audit log", "Home"]


def test_the_page_has_a_menu_button_and_its_script(client, make_user):
    user = make_user("eigyo", roles=["sales"])
    client.force_login(user)
    html = client.get("/", follow=True).content.decode()
    assert 'class="nav-toggle"' in html
    assert "js/nav.js" in html
