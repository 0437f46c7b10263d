"""Factories shared by the suite, one module per app (import from the module you need)."""
