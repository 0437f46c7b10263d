"""Learning declared outside the centres (issue 8, item 2): residents declare an activity
with evidence, staff of the resident's ward verify or reject it, and only a verified
declaration becomes a participation record. Modules: `evidence` (private storage and
content sniffing), `services` (the writes), `selectors` (the reads), `forms`, `views`
(the resident's pages and the private evidence download), `viewsets` (the admin queue)."""
