from django import template

register = template.Library()

# What django-import-export shows for a column the uploaded file does not have.
ABSENT_COLUMN = "---"


@register.filter
def column_label(labels, name):
    """The column header the user sees for a field name in import errors."""
    return labels.get(name, name) if labels else name


@register.filter
def error_text(error):
    """An import error as the sentence(s) it carries, not the exception's repr."""
    messages = getattr(error, "messages", None)
    return " ".join(str(message) for message in messages) if messages else str(error)


@register.filter
def file_line(result, number):
    """The row number in the uploaded file of the import's ``number``-th data row."""
    lines = getattr(result, "file_lines", None) or ()
    return lines[number - 1] if 0 < number <= len(lines) else number + 1


@register.filter
def sheet_cell(value):
    """An uploaded cell as the person sees it in the sheet: nothing when empty or absent."""
    return "" if value is None or value == ABSENT_COLUMN else value
