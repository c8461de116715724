"""The country profile the tests run with: installed once per test run, put back where a test emptied the
database.

The test database is created with the Peru profile already installed (``django_db_setup`` in ``conftest.py``), and
every test's changes are rolled back at its end, so a test starts with the profile without installing it. A
transactional test empties the database when it ends, and the profile is installed again right after (Django's
flush signals ``post_migrate``); :func:`ensure_profile` costs one query when nothing is missing.
"""

from __future__ import annotations

from functools import cache

from kuska.profiles import Profile, install, read_profile
from kuska.registry.models import Agency, CodeItem, LoadedProfile, Offence, Region

COUNTRY = "peru"


@cache
def profile() -> Profile:
    """The country profile as read from its files, read once per test run."""
    return read_profile(COUNTRY)


def ensure_profile() -> None:
    """Install the profile unless the registry holds it already (with the same files' digest)."""
    if not LoadedProfile.objects.filter(code=COUNTRY, digest=profile().digest).exists():
        install(profile())


def remove_profile() -> None:
    """Delete the profile's reference tables: for a test of a registry without any profile. Run inside the test's
    transaction, so the deletion is rolled back with everything else the test did."""
    LoadedProfile.objects.all().delete()
    Offence.objects.update(replaces=None)
    Offence.objects.all().delete()
    Agency.objects.update(parent=None)
    Agency.objects.all().delete()
    CodeItem.objects.all().delete()
    Region.objects.all().delete()
