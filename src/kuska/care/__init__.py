"""Care: the live case work on identified victims, from rescue to reintegration, and the gaps measured as alerts.

The registry keeps what agencies submitted; care keeps the work around it: a victim's case (agency in charge,
case worker, stage, risk), their consents, the workflow of their referrals, their stays in facilities, and the
alerts of the profile's catalogue. The referrals, services and placements made here are written through intake
as the harmonized records of the case's agency (:mod:`kuska.care.writing`), so every figure counts them as it
counts those sent in files. See ``docs/care.md``.

>>> # from kuska.care import cases, referrals, facilities, alerts
>>> # case = cases.open_case(worker, victim_record, identified_at=now, source=...)
>>> # ref = referrals.refer(worker, case, service_type="shelter", to_agency=mimp, source=...)
>>> # alerts.evaluate(source=...)
"""
