"""The crawler behind test_hostile_values: pages, their forms, hostile posts.

A page's links and forms are read with the standard library's HTML parser;
every ``<form method="post">`` is posted back with each field replaced by a
value a careless or hostile person might type. Nothing here knows the apps:
it sees what a browser sees.
"""

import re
import traceback
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from django.core.files.uploadedfile import SimpleUploadedFile

LONG = "長" * 10_000
HUGE = "1" + "0" * 26
HOSTILE_VALUES = [
    LONG,
    "abc",
    HUGE,
    "-1",
    "0001-01-01",
    "9999-12-31",
    "2026-02-30",
    "🍣\x00",
    '=HYPERLINK("http://x","y")',
]
# Links a crawl must not follow: leaving, documents that render slowly, the
# admin (covered by the models' own validation).
# Demo logins that walk their menus (the README's table).
DEMO_STAFF_AND_CLIENT = [
    "sales",
    "director",
    "worker1",
    "veteran",
    "finance",
    "client-a",
]
SKIP_LINK = re.compile(r"^/(admin|accounts|i18n|static|media)/|pdf|download|zip|export")
SKIP_ACTION = re.compile(r"^/(accounts/logout|i18n)/")
CHOICE_TYPES = {"checkbox", "radio"}


@dataclass
class Form:
    action: str
    fields: list = field(default_factory=list)  # (name, type, value, options)

    def key(self) -> str:
        path = re.sub(r"\d+", "N", urlsplit(self.action).path)
        return path + "?" + ",".join(sorted({name for name, *_ in self.fields}))


class PageParser(HTMLParser):
    def __init__(self, url: str):
        super().__init__(convert_charrefs=True)
        self.url = url
        self.links: list[str] = []
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: list | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.links.append(urljoin(self.url, attrs["href"]))
        elif tag == "form":
            method = (attrs.get("method") or "get").lower()
            action = urljoin(self.url, attrs.get("action") or self.url)
            self._form = Form(action) if method == "post" else None
            if self._form:
                self.forms.append(self._form)
        elif self._form is None:
            return
        elif tag in ("input", "button") and attrs.get("name"):
            kind = (
                attrs.get("type") or ("submit" if tag == "button" else "text")
            ).lower()
            if kind in CHOICE_TYPES and "checked" not in attrs:
                kind += "-unchecked"
            value = attrs.get("value", "")
            self._form.fields.append((attrs["name"], kind, value, []))
        elif tag == "textarea" and attrs.get("name"):
            self._form.fields.append((attrs["name"], "textarea", "", []))
        elif tag == "select" and attrs.get("name"):
            self._select = [attrs["name"], "select", "", []]
            self._form.fields.append(self._select)
        elif tag == "option" and self._select is not None:
            self._select[3].append(attrs.get("value", ""))

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select" and self._select is not None:
            options = [o for o in self._select[3] if o]
            self._select[2] = options[0] if options else ""
            self._select = None


def parse(url: str, html: str) -> PageParser:
    parser = PageParser(url)
    parser.feed(html)
    return parser


def local_path(url: str) -> str | None:
    parts = urlsplit(url)
    if parts.netloc not in ("", "testserver") or not parts.path.startswith("/"):
        return None
    if SKIP_LINK.search(parts.path):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def payloads(form: Form, csrf: str):
    """The posts for one form: empty, then one per hostile value.

    Fixed choices (selects, radios, checkboxes) keep a valid value on two
    posts in three, and hidden fields on one in three, so the hostile value
    in a typed field reaches the code behind an otherwise valid form too;
    buttons keep their values, each in turn, so the view takes each branch.
    """
    yield {"csrfmiddlewaretoken": csrf}
    buttons = {}
    for name, kind, value, _options in form.fields:
        if kind == "submit":
            buttons.setdefault(name, []).append(value)
    for index, hostile in enumerate(HOSTILE_VALUES):
        data = {"csrfmiddlewaretoken": csrf}
        keep_choices, keep_hidden = index % 3 > 0, index % 3 == 2
        for name, kind, value, _options in form.fields:
            if name == "csrfmiddlewaretoken":
                continue
            if kind == "submit":
                data[name] = buttons[name][index % len(buttons[name])]
            elif kind == "file":
                data[name] = SimpleUploadedFile(hostile[:40] + ".txt", b"x")
            elif kind.endswith("-unchecked") and keep_choices:
                continue
            elif (
                kind in ("select", "checkbox", "radio")
                and keep_choices
                or kind == "hidden"
                and keep_hidden
            ):
                data[name] = value
            else:
                data[name] = hostile
        yield data


def describe_failure(method, path, response=None, error=None) -> str:
    """One line: the request, the error (cut short) and the app's last frame."""
    if error is None:
        return f"{method} {path}: HTTP {response.status_code}"
    frames = [
        f"{frame.filename.rsplit('/', 2)[-2:]}:{frame.lineno} {frame.name}"
        for frame in traceback.extract_tb(error.__traceback__)
        if "site-packages" not in frame.filename
    ]
    message = str(error)[:120]
    return f"{method} {path}: {type(error).__name__}: {message} at {frames[-1:]}"
