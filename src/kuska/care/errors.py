"""Why care refused: each error carries a translatable message."""

from __future__ import annotations

from kuska.i18n import TranslatableError


class CareError(TranslatableError):
    """A care action that cannot be done as asked (a transition the workflow does not allow, a value outside its
    code list, a record care could not write); nothing was changed."""


class ConsentRequiredError(CareError):
    """A referral that shares the victim's identity, without the victim's consent to sharing and without an
    override."""
