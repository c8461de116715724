"""Persons as each agency recorded them, case files, identifications and operations."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kuska.registry.ages import MAX_AGE
from kuska.registry.codes import IdentificationMethod, Role, Sex
from kuska.registry.fields import EncryptedDateField, EncryptedTextField
from kuska.registry.models.constraints import not_before
from kuska.registry.models.provenance import Record
from kuska.registry.models.reference import Agency, Region


class PersonRecord(Record):
    """A victim, suspect or witness as one agency recorded them.

    Names, birth date and document number are encrypted at rest; ``document_hash`` is the keyed hash of the
    document type and number, for exact lookup and linkage without decrypting. ``age_at_event`` (age on
    ``event_date``) is kept in clear for statistics; the birth date is not.
    """

    role = models.CharField(max_length=10, choices=Role.choices)
    given_names = EncryptedTextField(blank=True, default="")
    paternal_surname = EncryptedTextField(blank=True, default="")
    maternal_surname = EncryptedTextField(blank=True, default="")
    birth_date = EncryptedDateField(null=True, blank=True)
    event_date = models.DateField(null=True, blank=True)
    age_at_event = models.PositiveSmallIntegerField(null=True, blank=True)
    sex = models.CharField(max_length=10, choices=Sex.choices, blank=True)
    gender_identity = models.CharField(max_length=30, blank=True)
    nationality = models.CharField(max_length=2, blank=True)
    document_type = models.CharField(max_length=30, blank=True)
    document_number = EncryptedTextField(blank=True, default="")
    document_hash = models.CharField(max_length=64, blank=True)
    indigenous_people = models.CharField(max_length=60, blank=True)
    language = models.CharField(max_length=3, blank=True)
    is_public_official = models.BooleanField(null=True, blank=True)
    identification_region = models.ForeignKey(
        Region,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("where the person was identified, as the agency recorded it"),
    )
    names_inferred = models.BooleanField(
        default=False,
        db_default=False,  # rows written by bulk loaders that do not name the column
        help_text=_("given names and surnames split by intake from one full-name column"),
    )

    class Meta(Record.Meta):
        verbose_name = _("person record")
        verbose_name_plural = _("person records")
        # exact lookups only: a declared index, so PostgreSQL is not given a second one for LIKE patterns
        indexes = [models.Index(fields=["document_hash"], name="person_document_hash")]
        constraints = [
            *Record.Meta.constraints,
            models.CheckConstraint(condition=Q(role__in=Role.values), name="person_role_valid"),
            models.CheckConstraint(
                condition=Q(sex="") | Q(sex__in=Sex.values), name="person_sex_valid"
            ),
            models.CheckConstraint(
                condition=Q(age_at_event__isnull=True) | Q(age_at_event__lte=MAX_AGE),
                name="person_age_plausible",
            ),
            models.CheckConstraint(
                condition=(Q(document_number="") & Q(document_hash=""))
                | (~Q(document_number="") & ~Q(document_hash="") & ~Q(document_type="")),
                name="person_document_hashed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.role} {self.agency_id}/{self.source_record_id}"


class CaseFile(Record):
    """An agency's case: where and when, how the victims were recruited and controlled, who took part."""

    opened_on = models.DateField(null=True, blank=True)
    closed_on = models.DateField(null=True, blank=True)
    region = models.ForeignKey(Region, null=True, blank=True, on_delete=models.PROTECT)
    recruitment_channel = models.CharField(max_length=40, blank=True)
    participants: models.ManyToManyField[PersonRecord, CaseParticipant] = models.ManyToManyField(
        PersonRecord, through="CaseParticipant", related_name="cases"
    )

    class Meta(Record.Meta):
        verbose_name = _("case file")
        verbose_name_plural = _("case files")
        constraints = [
            *Record.Meta.constraints,
            not_before("closed_on", "opened_on", "case_closed_after_opened"),
        ]

    def __str__(self) -> str:
        return f"case {self.agency_id}/{self.source_record_id}"


class CaseParticipant(models.Model):
    """A person record taking part in a case file (as victim, suspect or witness: the person's role)."""

    case_file = models.ForeignKey(CaseFile, on_delete=models.CASCADE)
    person = models.ForeignKey(PersonRecord, on_delete=models.PROTECT)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case_file", "person"], name="case_participant_unique")
        ]

    def __str__(self) -> str:
        return f"{self.case_file_id} ← {self.person_id}"


class CaseExploitation(models.Model):
    """A form of exploitation in a case (code list ``exploitation_form``)."""

    case_file = models.ForeignKey(CaseFile, on_delete=models.CASCADE, related_name="exploitation")
    form = models.CharField(max_length=50)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case_file", "form"], name="case_exploitation_unique")
        ]

    def __str__(self) -> str:
        return self.form


class CaseMeansOfControl(models.Model):
    """A means of control used in a case (code list ``means_of_control``)."""

    case_file = models.ForeignKey(
        CaseFile, on_delete=models.CASCADE, related_name="means_of_control"
    )
    means = models.CharField(max_length=50)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case_file", "means"], name="case_means_unique")
        ]

    def __str__(self) -> str:
        return self.means


class Operation(Record):
    """A law-enforcement operation; the submitting agency led it. Counts left empty were not reported."""

    started_on = models.DateField()
    region = models.ForeignKey(Region, null=True, blank=True, on_delete=models.PROTECT)
    participating_agencies = models.ManyToManyField(Agency, blank=True, related_name="operations")
    detentions = models.PositiveIntegerField(null=True, blank=True)
    victims_rescued = models.PositiveIntegerField(null=True, blank=True)

    class Meta(Record.Meta):
        verbose_name = _("operation")
        verbose_name_plural = _("operations")

    def __str__(self) -> str:
        return f"operation {self.agency_id}/{self.source_record_id}"


class Identification(Record):
    """A victim identified by the submitting agency on a date, and how."""

    victim = models.ForeignKey(
        PersonRecord, on_delete=models.PROTECT, related_name="identifications"
    )
    identified_on = models.DateField()
    method = models.CharField(max_length=20, choices=IdentificationMethod.choices)
    region = models.ForeignKey(Region, null=True, blank=True, on_delete=models.PROTECT)
    operation = models.ForeignKey(Operation, null=True, blank=True, on_delete=models.PROTECT)
    case_file = models.ForeignKey(CaseFile, null=True, blank=True, on_delete=models.PROTECT)
    referred_by = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta(Record.Meta):
        verbose_name = _("identification")
        verbose_name_plural = _("identifications")
        constraints = [
            *Record.Meta.constraints,
            models.CheckConstraint(
                condition=Q(method__in=IdentificationMethod.values),
                name="identification_method_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"identification {self.agency_id}/{self.source_record_id}"
