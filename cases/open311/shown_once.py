"""The page that shows a new API key or signing secret, once.

It is the answer to the request that created the secret: the secret travels in that
response only, never in the ``messages`` cookie or the session, and the page is not
stored by the browser or a proxy (``no-store``). Reloading it shows nothing new: what is
kept is a digest (API keys) or ciphertext (signing secrets).
"""

from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.cache import add_never_cache_headers


def shown_once_page(model_admin, request, *, title, shown, warning, note, continue_url=None):
    """``shown``: (label, secret) pairs."""
    opts = model_admin.model._meta
    changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": opts,
        "title": title,
        "shown": shown,
        "warning": warning,
        "note": note,
        "changelist_url": changelist,
        "continue_url": continue_url or changelist,
    }
    response = TemplateResponse(request, "admin/cases/shown_once.html", context)
    add_never_cache_headers(response)
    return response
