"""Kuska: a harmonized anti-trafficking information system."""

__version__ = "0.1.0"
