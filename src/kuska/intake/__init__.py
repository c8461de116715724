"""Intake: agencies' files read, mapped to the harmonized fields, validated, and accepted or explained."""
