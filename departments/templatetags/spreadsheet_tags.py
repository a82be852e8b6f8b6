from django import template

register = template.Library()


@register.filter
def column_label(labels, name):
    """The column header the user sees for a field name in import errors."""
    return labels.get(name, name) if labels else name


@register.filter
def error_text(error):
    """An import error as the sentence(s) it carries, not the exception's repr."""
    messages = getattr(error, "messages", None)
    return " ".join(str(message) for message in messages) if messages else str(error)
