"""Groups of people the learning titles recognise: households (Gia đình học tập), clans
(Dòng họ học tập) and units (Đơn vị học tập). Communities are the geography's residential
groups and wards, so they need no model of their own.

A nested app (label `citizen_groups`) so its models and migrations stay apart from the
individual learning record in `citizen_profiles`."""
