"""The intake page's size in a large organisation: staff chosen by search, not listed.

    python -m bench.intake_page [--staff 2000]      (DATABASE_URL picks SQLite or PostgreSQL)

Builds an organisation with ``--staff`` active staff members in a scratch database, then
fetches the intake page as a clerk twice in the same run: as it was rendered before
(first-inquiry person and suggested handler as two <select>s of every active staff
member) and as it is now (two search boxes over hidden ids, cases:staff_search). Prints
both sizes, what the staff lists took, and the ratio.
"""

import argparse
import re
from unittest import mock

from bench._django import scratch_database, setup


def page_sizes(staff):
    from django import forms
    from django.test import Client
    from django.urls import reverse

    from bench.intake import build_organisation
    from cases.forms.intake import IntakeForm

    class ListingIntakeForm(IntakeForm):
        """The form as it was: every active staff member as an option, twice."""

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            for name in ("first_staff", "handler"):
                field = self.fields[name]
                field.widget = forms.Select(choices=field.choices)

    departments = 20
    _organisation, clerk, _matter = build_organisation("BIG", departments, staff // departments)
    client = Client()
    client.force_login(clerk.user)
    url = reverse("cases:intake")

    with mock.patch("cases.views.intake.IntakeForm", ListingIntakeForm):
        before = client.get(url)
    after = client.get(url)
    assert before.status_code == after.status_code == 200
    return before.content.decode(), after.content.decode()


def staff_lists(html):
    """Bytes of the first-inquiry and handler <select>s in a page (0 when searched)."""
    found = re.findall(r'<select name="(?:first_staff|handler)".*?</select>', html, re.S)
    return sum(len(part.encode()) for part in found)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--staff", type=int, default=2000)
    args = parser.parse_args()
    setup()
    with scratch_database():
        before, after = page_sizes(args.staff)
    size_before, size_after = len(before.encode()), len(after.encode())
    print(f"intake page, {args.staff} active staff")
    print(
        f"  before (two staff <select>s): {size_before / 1024:8.1f} KB, "
        f"of which the staff lists {staff_lists(before) / 1024:.1f} KB "
        f"({before.count('<option')} options)"
    )
    print(
        f"  after (search boxes):         {size_after / 1024:8.1f} KB, "
        f"of which the staff lists {staff_lists(after) / 1024:.1f} KB "
        f"({after.count('<option')} options)"
    )
    print(f"  after / before: {size_after / size_before:.3f}")


if __name__ == "__main__":
    main()
