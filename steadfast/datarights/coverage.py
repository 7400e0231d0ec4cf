"""Where each model's rows go in a person's download, or why they stay out.

Every (model, field) pair where the field links a row to an account is named here,
once. `OWN` maps the person's own rows to the list (or single object) that holds them
in the download: "section.name". `ELSEWHERE` names links whose rows reach the download
another way, or on purpose only in part. `LEFT_OUT` says why a link's rows are not in
it. steadfast/datarights/tests/test_coverage.py fails on any link to an account that is
in none of the three, so a model added later can't be forgotten; and it checks, for
each entry of `OWN`, that every such row of a person is in their download.
"""

OWN = {
    ("couples.membership", "person"): "couple.link",
    ("couples.invitation", "inviter"): "couple.invitations",
    ("safety.checkin", "owner"): "safety.check_ins",
    ("safety.safetyplan", "owner"): "safety.plan",
    ("assessments.measure", "owner"): "measures.results",
    ("assessments.measuredraft", "owner"): "measures.unfinished",
    ("assessments.schedule", "owner"): "measures.schedule",
    ("checkins.dailycheckin", "owner"): "daily_check_ins.entries",
    ("checkins.checkinsharing", "owner"): "daily_check_ins.new_entries_start_as",
    ("commitments.commitment", "owner"): "promises.promises",
    ("commitments.commitmentevent", "owner"): "promises.history",
    ("commitments.mark", "owner"): "promises.marks",
    ("commitments.acknowledgement", "partner"): "promises.your_answers_on_partner_promises",
    ("conversations.conversation", "owner"): "conversations.conversations_you_opened",
    ("conversations.turn", "owner"): "conversations.your_turns",
    ("conversations.timeout", "taken_by"): "conversations.your_time_outs",
    ("conversations.exerciseanswer", "owner"): "conversations.exercise_answers",
    ("conversations.exercisefinish", "person"): "conversations.exercises_finished",
    ("journal.entry", "owner"): "journal.entries",
    ("journal.thoughtrecord", "owner"): "journal.thought_records",
    ("selfcare.activity", "owner"): "self_care.activities",
    ("selfcare.logentry", "owner"): "self_care.log",
    ("selfcare.reflection", "owner"): "self_care.strengths_and_good_things",
    ("program.progress", "owner"): "program.modules",
    ("program.progresssharing", "owner"): "program.partner_sees_modules_done",
    ("recovery.pathway", "starter"): "repair_path.paths",
    ("recovery.pathway", "invitee"): "repair_path.paths",
    ("recovery.reflection", "owner"): "repair_path.reflections",
    ("recovery.letter", "owner"): "repair_path.letters",
    ("recovery.reply", "owner"): "repair_path.replies",
    ("recovery.limitsproposal", "owner"): "repair_path.limits_you_proposed",
    ("recovery.question", "owner"): "repair_path.questions_you_asked",
    ("recovery.answer", "owner"): "repair_path.your_answers",
    ("recovery.offer", "owner"): "repair_path.your_offers",
    ("recovery.decision", "owner"): "repair_path.your_decisions",
    ("reminders.remindersettings", "person"): "reminders.settings",
    ("reminders.remindersent", "person"): "reminders.sent",
    ("practice.grant", "client"): "therapist_access.grants",
    ("practice.accessread", "client"): "therapist_access.access_log",
    ("practice.proposal", "client"): "therapist_access.suggested_questionnaires",
    ("audit.event", "user"): "security_events",
}

ELSEWHERE = {
    # A conversation the partner opened: theirs (the topic is their words). It is in
    # "shared_by_partner" while the couple lasts, as on the pages; the person's own
    # turns in it are always in "conversations.your_turns".
    ("conversations.conversation", "partner"): "shared_by_partner.conversations_they_opened",
    # Whoever holds the floor: one of the two people above, never a third.
    ("conversations.conversation", "speaker"): "conversations (through owner and partner)",
    # Therapists' own records: an account's role is fixed, and this download is for people.
    ("practice.grant", "therapist"): "a therapist's side of a client's grant",
}

LEFT_OUT = {
    ("core.datakey", "owner"): "the person's data key: a secret that opens everything",
    ("otp_totp.totpdevice", "user"): "two-step secret; the download says only whether it is on",
    ("otp_static.staticdevice", "user"): "backup-code digests: security secrets",
    ("admin.logentry", "user"): "the operator's own log of admin changes (staff accounts)",
    ("practice.therapistlink", "therapist"): "a therapist's set-password link: a secret",
    ("practice.sessionnote", "therapist"): "a therapist's own notes: theirs, never a client's",
    # Notes about a client are the therapist's record (IPV-14: S4 never in a client's
    # download); the client's own data they were written from is in the download.
    ("practice.sessionnote", "client"): "a therapist's own notes about the person",
    ("practice.sessionnote", "partner"): "a therapist's own notes about a couple's session",
    ("practice.accessread", "therapist"): "a therapist's reads: in their clients' access logs",
    ("practice.proposal", "therapist"): "a therapist's suggestions: in their clients' downloads",
    ("practice.therapistprofile", "therapist"): "a therapist's public listing (therapists only)",
}


def links_to_accounts():
    """Every (model label, field name) whose field links a row to an account."""
    from django.apps import apps
    from django.contrib.auth import get_user_model

    user_model = get_user_model()
    found = set()
    for model in apps.get_models():
        if model._meta.proxy:
            continue
        for field in model._meta.concrete_fields:
            if field.is_relation and field.related_model is user_model:
                found.add((model._meta.label_lower, field.name))
    return found
