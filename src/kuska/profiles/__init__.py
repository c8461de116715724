"""Country profiles: everything country-specific, as data files, and their loader.

A profile is a folder (``peru/``) holding ``profile.toml``, ``regions.csv``, ``agencies.csv``, ``offences.csv`` and
``codelists.csv``. :func:`read_profile` reads and checks it without touching the database; :func:`install` writes
it into the registry, idempotently.

>>> profile = read_profile("peru")
>>> len(profile.regions)
26
"""

from kuska.profiles.install import InstallReport, install
from kuska.profiles.reader import Profile, ProfileError, country_file, profile_dir, read_profile

__all__ = [
    "InstallReport",
    "Profile",
    "ProfileError",
    "country_file",
    "install",
    "profile_dir",
    "read_profile",
]
