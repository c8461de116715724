"""The harmonized registry: reference data, records with provenance, and the protection of identity fields."""
