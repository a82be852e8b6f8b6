"""Running an action form, the same way from the admin's action buttons and the staff pages.

An action form is a Django form with a ``label`` and a ``perform()`` that calls one service;
a refused action raises the kernel's ActionError, whose message goes on the form.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from django import forms
from django.contrib import admin, messages
from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import URLPattern, path
from django.utils.translation import gettext as _

from .errors import ActionError
from .workflow import Message


class ActionForm(Protocol):
    """A Django form with a ``label`` and a ``perform()`` that calls one service."""

    label: Message
    is_bound: bool
    fields: dict[str, forms.Field]

    def is_valid(self) -> bool: ...

    def add_error(self, field: str | None, error: Any) -> None: ...

    def perform(self) -> Any: ...


FormClass = type[ActionForm]
if TYPE_CHECKING:
    _ModelAdmin = admin.ModelAdmin[Any]
else:
    _ModelAdmin = object


def offered_form(
    request: HttpRequest,
    action: str,
    *,
    form_of: Callable[[str], FormClass | None],
    available: Iterable[tuple[str, FormClass]],
    refused: Message,
) -> FormClass | None:
    """The form class of ``action`` if the user may take it now.

    404 for an action that does not exist; None, with ``refused`` shown to the user, for one
    that is not available to them now.
    """
    form_class = form_of(action)
    if form_class is None:
        raise Http404
    if action not in dict(available):
        messages.error(request, str(refused))
        return None
    return form_class


@dataclass(frozen=True)
class Performed:
    """What ``perform_form`` did: ``done`` with the service's ``result``, or not."""

    done: bool
    result: Any = None


def perform_form(request: HttpRequest, form: ActionForm) -> Performed:
    """Validate a bound form and run ``form.perform()``.

    Done: a success message is queued (the form's ``done_message(result)`` when it has one).
    Not done: the form carries the errors, a refused action's message on the field it names
    (or on the form).
    """
    if not form.is_bound or not form.is_valid():
        return Performed(False)
    try:
        result = form.perform()
    except ActionError as error:
        form.add_error(error.field if error.field in form.fields else None, str(error))
        return Performed(False)
    done = getattr(form, "done_message", None)
    messages.success(
        request, done(result) if done else _("%(action)s: done.") % {"action": form.label}
    )
    return Performed(True, result)


def admin_form_page(
    model_admin: admin.ModelAdmin,
    request: HttpRequest,
    form: forms.Form,
    *,
    template: str,
    title: str,
    original: Any = None,
    **context: Any,
) -> TemplateResponse:
    """An admin page showing an action form (again, with its errors)."""
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "original": original,
        "form": form,
        "title": title,
        **context,
    }
    return TemplateResponse(request, template, context)


class ActionButtonsMixin(_ModelAdmin):
    """A ModelAdmin whose change page shows a button per step the user may take now.

    Set ``action_url_name`` (the URL of ``action_view(request, object_id, action)``),
    ``actions_context`` (the template's list of (name, label)) and ``available_actions``
    (a function of (record, user) giving (name, form class) pairs).
    """

    action_url_name: str
    actions_context: str
    available_actions: Callable[[Any, Any], Iterable[tuple[str, FormClass]]]
    action_view: Callable[..., HttpResponse]

    def get_urls(self) -> list[URLPattern]:
        own = path(
            "<path:object_id>/act/<str:action>/",
            self.admin_site.admin_view(self.action_view),
            name=self.action_url_name,
        )
        return [own, *super().get_urls()]

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        record = self.get_object(request, object_id)
        extra_context = extra_context or {}
        if record is not None:
            available = self.available_actions(record, request.user)
            extra_context[self.actions_context] = [(name, form.label) for name, form in available]
        return super().change_view(request, object_id, form_url, extra_context)
