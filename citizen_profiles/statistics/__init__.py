"""Statistics for the study-promotion association: every indicator of the plans for any
year and scope (city, ward, residential group) beside its target, as aggregates only.

A nested app (label `citizen_statistics`) because it owns the targets table and its own
admin; the indicators themselves are defined once, in `indicators.py`."""
