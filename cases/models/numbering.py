from django.db import connection, models
from django.utils.translation import gettext_lazy as _


class CaseNumberSequence(models.Model):
    """The last case number handed out per organisation and year.

    The row is locked and incremented in the registering transaction, so numbers have
    no gaps (a rolled-back registration rolls its number back too) and no duplicates.
    """

    organisation = models.ForeignKey(
        "departments.Organisation", on_delete=models.PROTECT, verbose_name=_("organisation")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    last_number = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        verbose_name = _("case number sequence")
        verbose_name_plural = _("case number sequences")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "year"], name="one_case_sequence_per_organisation_year"
            )
        ]

    def __str__(self):
        return f"{self.organisation_id}-{self.year}: {self.last_number}"


def allocate_case_number(organisation, year):
    """Next number for the organisation and year; call inside a transaction.

    One ``UPDATE … RETURNING`` both locks the year's row until commit and reads the new
    value; the row is created on the first registration of a year.
    """
    table = CaseNumberSequence._meta.db_table
    sql = (
        f'UPDATE "{table}" SET "last_number" = "last_number" + 1 '
        'WHERE "organisation_id" = %s AND "year" = %s RETURNING "last_number"'
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [organisation.pk, year])
        row = cursor.fetchone()
        if row is None:
            CaseNumberSequence.objects.bulk_create(
                [CaseNumberSequence(organisation=organisation, year=year)], ignore_conflicts=True
            )
            cursor.execute(sql, [organisation.pk, year])
            row = cursor.fetchone()
    return row[0]


def format_case_number(organisation_code, year, sequence):
    return f"{organisation_code}-{year}-{sequence:06d}"
