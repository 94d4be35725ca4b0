"""Notification templates, rendered with Jinja2 into one layout. No PHI, ever.

A template declares the variables it takes; none of them can carry clinical
content or names (the practice name, links, one-time codes, and for appointments
date, time and place). render() refuses anything else.

Adding a template is one entry in a catalog module (catalog_*.py, listed in
CATALOGS below): a subject, a body (Jinja text: paragraphs separated by a blank
line), the button label, an optional SMS, the variables, and who reads it:

    "message_new": notice("A new message from {{ practice_name }}",
                          "You have a new message in your patient portal.",
                          button="Read the message", sms="{{ practice_name }}: you have a new message."),

The body is written once: the text part is it rendered; the HTML part is the same
text autoescaped, its links made clickable, in layout.html. Every email ends with a
button and its link (values["link"], a portal path such as "/#/visits/<id>", else the
portal), the footer of its audience and, for patients, the manage-notifications link.
Every SMS ends with "Reply STOP to opt out." and must fit one 160-character segment.
"""
from __future__ import annotations

import functools
import importlib
import re
from dataclasses import dataclass, field

# Every template takes these (notify fills them): the practice, the portal, the deep link.
COMMON = frozenset({"practice_name", "portal_url", "practice_phone", "link"})
OPTIONAL = frozenset({"link", "preferences_url", "unsubscribe_url"})
SMS_STOP = "Reply STOP to opt out."
SMS_LIMIT = 160
CATALOGS = ("chalicelib.templates.catalog_account", "chalicelib.templates.catalog_appointments",
            "chalicelib.templates.catalog_staff", "chalicelib.templates.catalog_billing",
            "chalicelib.templates.catalog_results", "chalicelib.templates.catalog_messaging",
            "chalicelib.templates.catalog_adoption")


@dataclass(frozen=True)
class MessageTemplate:
    subject: str
    body: str  # Jinja text; paragraphs separated by a blank line
    button: str  # the action's label; its URL is the deep link
    sms: str | None = None  # Jinja text; "Reply STOP to opt out." is added
    variables: frozenset[str] = field(default_factory=frozenset)  # beyond COMMON
    audience: str = "patient"  # patient | staff | account (a person before or about sign-in)
    transactional: bool = False  # sent whatever the preferences say; no List-Unsubscribe
    replies_read: bool = False  # a Reply-To is set: a reply is read (by the inbound router)
    # Which proxies of the patient get a copy (notify_patient): "full" grants only (clinical
    # notices, statements), "any" grant (appointments), None (account mail: the person only).
    proxies: str | None = "full"


def notice(subject: str, body: str, *, button: str = "Sign in to see it", sms: str | None = None,
           variables: frozenset[str] | set[str] = frozenset(), proxies: str | None = "full") -> MessageTemplate:
    """A patient notice: something new or changed is waiting in the portal. Proxies with a
    grant of `proxies` scope ("full" or "any") get it too."""
    return MessageTemplate(subject, body, button, sms, frozenset(variables), proxies=proxies)


def staff(subject: str, body: str, *, button: str = "Open the staff console", replies_read: bool = False,
          variables: frozenset[str] | set[str] = frozenset()) -> MessageTemplate:
    """An email to a staff member (never SMS); replies_read when it carries a reply address."""
    return MessageTemplate(subject, body, button, None, frozenset(variables), audience="staff",
                           transactional=True, replies_read=replies_read, proxies=None)


def account(subject: str, body: str, *, button: str, variables: frozenset[str] | set[str] = frozenset(),
            sms: str | None = None) -> MessageTemplate:
    """Account mail (invitation, reset, security notices): goes out whatever the preferences say."""
    return MessageTemplate(subject, body, button, sms, frozenset(variables), audience="account", transactional=True,
                           proxies=None)


class TemplateVariableError(ValueError):
    pass


@dataclass(frozen=True)
class Rendered:
    subject: str
    text: str
    html: str
    sms: str | None
    link: str = ""  # the deep link the button opens
    template: MessageTemplate | None = None


def _load() -> dict[str, MessageTemplate]:
    merged: dict[str, MessageTemplate] = {}
    for module in CATALOGS:
        catalog = importlib.import_module(module).TEMPLATES
        overlap = set(catalog) & set(merged)
        if overlap:
            raise ValueError(f"template names defined twice: {sorted(overlap)}")
        merged.update(catalog)
    return merged


# Catalogs import the helpers above, so this runs after them.
TEMPLATES: dict[str, MessageTemplate] = _load()


@functools.cache
def _environments():
    from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

    text = Environment(undefined=StrictUndefined, autoescape=False, keep_trailing_newline=False)
    html = Environment(loader=PackageLoader("chalicelib", "templates"), undefined=StrictUndefined,
                       autoescape=select_autoescape(enabled_extensions=("html",), default_for_string=False))
    html.filters["linkify"] = _linkify
    return text, html


@functools.lru_cache(maxsize=512)
def _compiled(source: str):
    """Templates are fixed strings: compile each once per process (a compile costs ~5 ms)."""
    return _environments()[0].from_string(source)


_URL = re.compile(r"https?://[^\s<>\"']+")


def _linkify(text: str):
    """Escape `text`, then make its URLs clickable (the escaped URL is the href)."""
    from markupsafe import Markup, escape

    out, last = [], 0
    for match in _URL.finditer(str(text)):
        url = match.group(0).rstrip(".,;:)")
        out.append(escape(str(text)[last:match.start()]))
        out.append(Markup('<a href="{0}">{0}</a>').format(url))
        last = match.start() + len(url)
    out.append(escape(str(text)[last:]))
    return Markup("").join(out)


def render(name: str, values: dict[str, str]) -> Rendered:
    template = TEMPLATES[name]
    allowed = template.variables | COMMON | OPTIONAL
    unknown = set(values) - allowed
    if unknown:
        raise TemplateVariableError(f"template {name} does not take {sorted(unknown)}")
    missing = {v for v in template.variables if v not in values}
    if missing:
        raise TemplateVariableError(f"template {name} needs {sorted(missing)}")
    portal = str(values.get("portal_url", "")).rstrip("/")
    link = _deep_link(portal, str(values.get("link") or ""))
    context = {**{k: "" for k in OPTIONAL}, "practice_phone": "", **values, "link": link}
    body = _compiled(template.body).render(context).strip()
    subject = " ".join(_compiled(template.subject).render(context).split())
    layout = {**context, "body": body, "paragraphs": [p.strip() for p in body.split("\n\n") if p.strip()],
              "button": template.button, "audience": template.audience, "replies_read": template.replies_read,
              "subject": subject}
    _, html_env = _environments()
    text = html_env.get_template("layout.txt").render(layout).strip() + "\n"
    html = html_env.get_template("layout.html").render(layout)
    sms = None
    if template.sms:
        sms = " ".join(_compiled(template.sms).render(context).split()) + " " + SMS_STOP
    return Rendered(subject=subject, text=text, html=html, sms=sms, link=link, template=template)


def _deep_link(portal: str, link: str) -> str:
    """A portal path ("/#/visits/x") becomes a full URL; the web app asks for sign-in first."""
    if not link:
        return portal + "/"
    if link.startswith("/"):
        return portal + link
    return link
