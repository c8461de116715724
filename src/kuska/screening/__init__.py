"""Frontline screening for trafficking: questionnaires as data in the country profile (built on the ILO/EC
operational indicators of trafficking, 2009), scoring that explains itself, translation catalogues with their review
status, and a screening's outcome written into the registry through intake (see ``docs/screening.md``).

The domain only: pages call :func:`kuska.screening.outcome.record_screening` and read
:mod:`kuska.screening.translations`.
"""
