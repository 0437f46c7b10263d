"""The privacy notice residents agree to (Decree 13/2023/NĐ-CP on personal data protection).

Change `PRIVACY_NOTICE_VERSION` whenever the text of
`citizen_profiles/templates/citizen_profiles/privacy_notice_text.html` changes in substance:
each consent records the version it was given to."""

PRIVACY_NOTICE_VERSION = "2026-11-v1"
