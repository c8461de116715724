"""Configuration read from the environment, with safe local defaults."""
