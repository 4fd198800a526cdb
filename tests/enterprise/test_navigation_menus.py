"""The header menu: a link two roles share is listed once, each role's links
sit under its own label for people with several roles, an entry may name a
task group, and a phone folds the menu behind one button."""

import re

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


def test_every_menu_entry_sits_under_a_task_group(db, make_user):
    admin = make_user("kanri-2", roles=list(ROLES))
    ungrouped = [
        (menu["role"], [label for _url, label in group["links"]])
        for menu in _menus(admin)
        for group in menu["groups"]
        if not group["label"] and len(group["links"]) > 1
    ]
    # Only the dashboard stands alone, first in each role's menu.
    assert not ungrouped, ungrouped


def test_the_worker_picks_a_task_group_from_one_line(client, make_user):
    worker = make_user("sagyo", roles=["worker"])
    client.force_login(worker)
    html = client.get("/", follow=True).content.decode()
    nav = html.split('id="site-nav"')[1].split("</nav>")[0]
    summaries = re.findall(r'<li class="task-group"><details><summary>([^<]+)', nav)
    assert summaries[:3] == ["仕事", "報酬", "アカウント"]
    assert "届いた依頼" in nav.split("<summary>仕事")[1].split("</details>")[0]


def test_the_admin_sees_each_roles_groups_labelled(client, make_user):
    admin = make_user("kanri-3", roles=list(ROLES))
    client.force_login(admin)
    html = client.get("/", follow=True).content.decode()
    nav = html.split('id="site-nav"')[1].split("</nav>")[0]
    finance = nav.split("<summary>経理</summary>")[1].split("</details>")[0]
    headings = re.findall(
        r'<li class="menu-group" role="presentation">([^<]+)', finance
    )
    assert headings[:4] == ["請求", "入金", "支払", "会計"]
