"""One couple's history, as unsaved model rows: check-ins, promises with their marks and
answers, measures, conversations and journal entries.

Every choice comes from `random.Random` streams seeded from the load's seed, the couple's
number and what is being made (one stream per person and concern, one per promise), so
the same seed gives the same rows, and a couple's make-up (how many promises, of which
kinds, shared with whom) does not depend on how many days of history it gets: ten times
the days is ten times the history of the same people.

The rows keep the rules the pages rely on: one check-in per person per day, marks
and acknowledgements only on days a promise was due (under the schedule in force that
day, as `Commitment.is_occurrence` works it out), at most one of each per day, measures
scored by the app's own scoring, nothing in the future.
"""

import random
import uuid
from collections import defaultdict
from datetime import datetime, time, timedelta

from steadfast.assessments import actions as assessment_actions
from steadfast.assessments import battery, scoring
from steadfast.assessments.models import Measure
from steadfast.assessments.models import Schedule as MeasureSchedule
from steadfast.checkins.models import CheckInSharing, DailyCheckIn
from steadfast.commitments.models import (
    Acknowledgement,
    Commitment,
    CommitmentEvent,
    EventKind,
    Kind,
    Mark,
    Seen,
    Status,
)
from steadfast.conversations.models import Conversation, Phase, Turn, TurnKind
from steadfast.conversations.models import Status as TalkStatus
from steadfast.core.models import Audience
from steadfast.core.roots import Root
from steadfast.journal.models import Entry
from steadfast.journal.prompts import PROMPTS

from . import bulk, words

PARTNER_AUDIENCES = frozenset(Audience.partner_audiences())
# Plain rows for the tables nothing else points at (see bulk.py); model instances for
# the parents, whose ids their children need.
new_sharing = bulk.maker(CheckInSharing)
new_checkin = bulk.maker(DailyCheckIn)
new_mark = bulk.maker(Mark)
new_acknowledgement = bulk.maker(Acknowledgement)
new_measure_schedule = bulk.maker(MeasureSchedule)
new_measure = bulk.maker(Measure)
new_turn = bulk.maker(Turn)
new_entry = bulk.maker(Entry)


def key_from(rng):
    """A random (version 4) UUID drawn from `rng`, so it is the same on every run."""
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def weighted(rng, choices):
    """One of {value: weight}."""
    values = list(choices)
    return rng.choices(values, weights=[choices[v] for v in values])[0]


def clamp(value, low, high):
    return max(low, min(high, value))


class Clock:
    """Moments on a couple's days, in their time zone, never later than now."""

    def __init__(self, zone, today, now):
        self.zone, self.today, self.now = zone, today, now

    def at(self, rng, day, first_hour, last_hour):
        # Two draws every time, used or not: what comes next from `rng` must not depend
        # on the time of day the load runs at.
        minutes = rng.randint(first_hour * 60, last_hour * 60 - 1)
        earlier = rng.randint(1, 90)
        moment = datetime.combine(day, time(), self.zone) + timedelta(minutes=minutes)
        if moment >= self.now:  # today, later than it is yet: a little while ago instead
            start = datetime.combine(self.today, time(), self.zone)
            moment = max(start, self.now - timedelta(minutes=earlier))
        return moment


class CoupleHistory:
    """Builds the rows; `rows` maps each model to its instances, parents before children."""

    def __init__(self, seed_text, *, couple, people, zone, today, days, now):
        self.seed_text = seed_text
        self.couple = couple
        self.people = people  # (a, b): saved users
        self.today = today
        self.first = today - timedelta(days=days - 1)
        self.days = days
        self.clock = Clock(zone, today, now)
        self.rows = defaultdict(list)
        # How the two are doing: a slow trend over the whole history, per person.
        self.progress_span = max(days - 1, 1)

    def progress(self, day):
        return (day - self.first).days / self.progress_span

    def stream(self, *parts):
        return random.Random(":".join([self.seed_text, *map(str, parts)]))

    def build(self):
        a, b = self.people
        for side, person, partner in (("a", a, b), ("b", b, a)):
            self.checkins(person, self.stream(side, "checkins"))
            for number in range(self.stream(side, "promises").randint(1, 3)):
                self.promise(person, partner, self.stream(side, "promise", number))
            self.measures(person, self.stream(side, "measures"))
            self.journal(person, self.stream(side, "journal"))
        self.conversations(self.stream("talk"))
        return self.rows

    # --- Daily check-ins -------------------------------------------------------------

    def checkins(self, person, rng):
        default = weighted(
            rng,
            {
                Audience.PRIVATE: 20,
                Audience.PARTNER: 55,
                Audience.PARTNER_THERAPIST: 15,
                Audience.THERAPIST: 10,
            },
        )
        if default != Audience.PRIVATE:
            moment = self.clock.at(rng, self.first, 8, 20)
            self.rows[CheckInSharing].append(
                new_sharing(owner_id=person.pk, default_audience=default, updated_at=moment)
            )
        presence = rng.uniform(0.7, 0.95)
        start = rng.uniform(2.5, 6.0)
        # Most couples slowly get steadier; some drift the other way.
        gain = rng.uniform(0.5, 3.5) if rng.random() < 0.8 else -rng.uniform(0.5, 2.0)
        offsets = {"trust": 0.0, "closeness": rng.uniform(-1, 1), "mood": rng.uniform(-1, 1.5)}
        swing = 0.0
        for number in range(self.days):
            day = self.first + timedelta(days=number)
            swing = 0.7 * swing + rng.gauss(0, 0.8)  # good and bad spells
            if rng.random() > (presence if day < self.today else presence * 0.4):
                continue
            level = start + gain * self.progress(day) + swing
            values = {
                name: clamp(round(level + offset + rng.gauss(0, 0.6)), 0, 10)
                for name, offset in offsets.items()
            }
            audience = default if rng.random() < 0.9 else rng.choice(Audience.values)
            note = rng.choice(words.CHECKIN_NOTES) if rng.random() < 0.12 else ""
            moment = self.clock.at(rng, day, 19, 24)
            self.rows[DailyCheckIn].append(
                new_checkin(
                    owner_id=person.pk,
                    audience=audience,
                    day=day,
                    note=note,
                    key=key_from(rng),
                    submission_key=key_from(rng),
                    created_at=moment,
                    updated_at=moment,
                    **values,
                )
            )

    # --- Promises, marks and acknowledgements ----------------------------------------

    def _schedule(self, rng, kind, start):
        weekdays = ""
        if kind == Kind.WEEKLY:
            weekdays = "".join(sorted(rng.sample("0123456", rng.randint(1, 3))))
        end = None
        if kind != Kind.ONCE and rng.random() < 0.1:
            end = start + timedelta(days=rng.randint(30, 120))
        return {"kind": kind, "weekdays": weekdays, "start": start, "end": end}

    def _new_schedule(self, rng, old):
        """A renegotiated schedule: another rhythm from the same start."""
        if old["kind"] == Kind.DAILY:
            weekdays = "".join(sorted(rng.sample("0123456", rng.randint(2, 4))))
            return {**old, "kind": Kind.WEEKLY, "weekdays": weekdays}
        if rng.random() < 0.5:
            return {**old, "kind": Kind.DAILY, "weekdays": ""}
        choices = [d for d in "0123456" if d not in old["weekdays"]] or list("0123456")
        return {**old, "weekdays": "".join(sorted(set(old["weekdays"][:1] + rng.choice(choices))))}

    def promise(self, person, partner, rng):
        # What the promise is, and whether it will change, first: the same whatever the
        # length of the history.
        kind = weighted(rng, {Kind.DAILY: 45, Kind.WEEKLY: 45, Kind.ONCE: 10})
        offset = rng.random()
        text = rng.choice(words.PROMISE_TEXTS)
        root = rng.choice(Root.values) if rng.random() < 0.7 else ""
        audience = weighted(
            rng,
            {
                Audience.PARTNER: 50,
                Audience.PARTNER_THERAPIST: 20,
                Audience.PRIVATE: 20,
                Audience.THERAPIST: 10,
            },
        )
        renegotiated = kind != Kind.ONCE and rng.random() < 0.2
        changed_at, new_text = rng.random(), rng.choice((text, *words.PROMISE_TEXTS))
        retired = kind != Kind.ONCE and rng.random() < 0.15
        retired_at = rng.random()
        span = self.days if kind == Kind.ONCE else self.days // 3 + 1
        start = self.first + timedelta(days=int(offset * span))
        schedule = self._schedule(rng, kind, start)
        new_schedule = self._new_schedule(rng, schedule)

        made = self.clock.at(rng, start, 7, 12)
        commitment = Commitment(
            owner_id=person.pk,
            audience=audience,
            key=key_from(rng),
            submission_key=key_from(rng),
            status=Status.ACTIVE,
            created_at=made,
        )
        events = [self._event(commitment, EventKind.CREATED, text, root, schedule, made)]
        versions = [(start, events[0])]
        changed_on = start
        room = (self.today - start).days
        if renegotiated and room >= 2:  # on a later day than it was made
            changed_on = start + timedelta(days=1 + int(changed_at * (room - 1)))
            schedule, text = new_schedule, new_text
            moment = self.clock.at(rng, changed_on, 8, 22)
            event = self._event(commitment, EventKind.RENEGOTIATED, text, root, schedule, moment)
            events.append(event)
            versions.append((changed_on, event))
        retired_on = None
        room = (self.today - changed_on).days
        if retired and room >= 1:
            retired_on = changed_on + timedelta(days=1 + int(retired_at * (room - 1)))
            moment = self.clock.at(rng, retired_on, 8, 22)
            events.append(self._event(commitment, EventKind.RETIRED, text, root, schedule, moment))
            commitment.status = Status.RETIRED
        commitment.text, commitment.root = text, root
        for name, value in schedule.items():
            setattr(commitment, name, value)
        commitment.updated_at = events[-1].at
        self.rows[Commitment].append(commitment)
        self.rows[CommitmentEvent].extend(events)
        self._marks(rng, commitment, versions, retired_on, partner)

    def _event(self, commitment, kind, text, root, schedule, moment):
        return CommitmentEvent(
            commitment=commitment,
            owner_id=commitment.owner_id,
            event=kind,
            text=text,
            root=root,
            at=moment,
            **schedule,
        )

    @staticmethod
    def _is_due(versions, retired_on, day):
        """As `Commitment.is_occurrence`: the version in force that day decides."""
        if retired_on is not None and day > retired_on:
            return False
        in_force = versions[0][1]
        for first_day, event in versions:
            if first_day <= day:
                in_force = event
        return in_force.is_occurrence(day)

    def _marks(self, rng, commitment, versions, retired_on, partner):
        diligence = rng.uniform(0.65, 0.95)
        kept_from, kept_to = rng.uniform(0.45, 0.7), rng.uniform(0.7, 0.95)
        shared = commitment.audience in PARTNER_AUDIENCES
        answering = rng.uniform(0.4, 0.85)
        day = commitment.start
        while day <= self.today:
            if self._is_due(versions, retired_on, day):
                is_today = day == self.today
                done = None
                if rng.random() < (diligence * 0.4 if is_today else diligence):
                    progress = self.progress(day)
                    done = rng.random() < kept_from + (kept_to - kept_from) * progress
                    note = rng.choice(words.MARK_NOTES) if rng.random() < 0.05 else ""
                    self.rows[Mark].append(
                        new_mark(
                            commitment=commitment,
                            owner_id=commitment.owner_id,
                            day=day,
                            done=done,
                            note=note,
                            submission_key=key_from(rng),
                            created_at=self.clock.at(rng, day, 18, 24),
                        )
                    )
                if shared and rng.random() < (answering * 0.3 if is_today else answering):
                    self.rows[Acknowledgement].append(
                        new_acknowledgement(
                            commitment=commitment,
                            partner_id=partner.pk,
                            day=day,
                            seen=self._seen(rng, done, kept_to),
                            submission_key=key_from(rng),
                            created_at=self.clock.at(rng, day, 19, 24),
                        )
                    )
            day += timedelta(days=1)

    def _seen(self, rng, done, likely):
        if rng.random() < 0.07:
            return Seen.UNSURE
        if done is None:
            noticed = rng.random() < likely
        else:
            noticed = done if rng.random() < 0.85 else not done
        return Seen.NOTICED if noticed else Seen.NOT_NOTICED

    # --- Measures ----------------------------------------------------------------------

    def measures(self, person, rng):
        offered = {instrument.key: instrument for instrument in battery.offered_instruments()}
        plan = {key: days for key, days in battery.default_battery().items() if key in offered}
        if rng.random() < 0.4:  # this person chose their own rhythm
            moment = self.clock.at(rng, self.first, 8, 20)
            for key in plan:
                plan[key] = rng.choice((14, 21, 28))
                self.rows[MeasureSchedule].append(
                    new_measure_schedule(
                        owner_id=person.pk,
                        instrument=key,
                        interval_days=plan[key],
                        active=True,
                        updated_at=moment,
                    )
                )
        audience = weighted(
            rng,
            {
                Audience.PRIVATE: 30,
                Audience.PARTNER: 20,
                Audience.THERAPIST: 25,
                Audience.PARTNER_THERAPIST: 25,
            },
        )
        wellbeing = rng.uniform(0.25, 0.6)
        lift = rng.uniform(-0.1, 0.35)
        troubled = rng.random() < 0.03  # a rare safety flag, for therapists with that grant
        for key, interval in plan.items():
            day = self.first + timedelta(days=rng.randint(0, 6))
            while day <= self.today:
                level = clamp(wellbeing + lift * self.progress(day), 0.0, 1.0)
                chosen = audience if rng.random() < 0.85 else rng.choice(Audience.values)
                self._measure(rng, person, offered[key], day, level, chosen, troubled)
                if interval is None:
                    break
                day += timedelta(days=interval + rng.randint(-1, 5))
                if rng.random() < 0.1:  # a missed round
                    day += timedelta(days=interval)

    def _answers(self, rng, instrument, level, troubled):
        ceilings = {rule["item"]: rule["above"] for rule in instrument.flags if rule.get("safety")}
        higher_is_better = not instrument.lower_is_better
        answers = {}
        for item in instrument.items:
            values = sorted(instrument.values(item))
            good_is_high = higher_is_better != item.reverse
            position = level if good_is_high else 1 - level
            top = len(values) - 1
            index = clamp(round(position * top + rng.gauss(0, 0.7)), 0, top)
            value = values[index]
            if item.number in ceilings and not (troubled and rng.random() < 0.3):
                value = min(value, ceilings[item.number])
            answers[item.number] = value
        return answers

    def _measure(self, rng, person, instrument, day, level, audience, troubled):
        answers = self._answers(rng, instrument, level, troubled)
        result = scoring.score(instrument, answers)
        completed = self.clock.at(rng, day, 8, 22)
        self.rows[Measure].append(
            new_measure(
                owner_id=person.pk,
                audience=audience,
                instrument=instrument.key,
                version=instrument.version,
                answers=assessment_actions.stored(scoring.clean_answers(instrument, answers)),
                total=result.total,
                mean=result.mean,
                band=result.band or "",
                details={
                    "subscales": result.subscales,
                    "positive_screen": result.positive_screen,
                    "flags": list(result.flags),
                    "safety_flags": list(result.safety_flags),
                },
                completed_at=completed,
                submission_key=key_from(rng),
                created_at=completed,
            )
        )

    # --- Conversations -----------------------------------------------------------------

    def conversations(self, rng):
        # Every couple has talked here at least once; most do every few weeks.
        count = max(1, round(self.days / 21 * rng.uniform(0.3, 1.7)))
        chosen = sorted(rng.sample(range(self.days), min(count, self.days)))
        for position, offset in enumerate(chosen):
            day = self.first + timedelta(days=offset)
            # The latest, if it is recent, is still going: the coach is used on its drafts.
            latest = position == len(chosen) - 1
            self._conversation(rng, day, keep_open=latest and (self.today - day).days < 14)

    def _conversation(self, rng, day, keep_open):
        opener, other = self.people if rng.random() < 0.5 else self.people[::-1]
        began = self.clock.at(rng, day, 18, 22)
        conversation = Conversation(
            owner_id=opener.pk,
            audience=Audience.PARTNER,
            key=key_from(rng),
            couple_id=self.couple.pk,
            partner_id=other.pk,
            topic=rng.choice(words.TOPICS),
            submission_key=key_from(rng),
            created_at=began,
        )
        speaker, listener = opener, other
        moves = []
        for _ in range(rng.randint(1, 3)):
            moves.append((speaker, TurnKind.STATEMENT, rng.choice(words.STATEMENTS)))
            moves.append((listener, TurnKind.PARAPHRASE, rng.choice(words.PARAPHRASES)))
            if rng.random() < 0.3:
                moves.append((speaker, TurnKind.CLARIFICATION, rng.choice(words.CLARIFICATIONS)))
                moves.append((listener, TurnKind.PARAPHRASE, rng.choice(words.PARAPHRASES)))
            moves.append((speaker, TurnKind.CONFIRMATION, ""))
            speaker, listener = listener, speaker
        moment = began
        for number, (writer, kind, text) in enumerate(moves, start=1):
            moment = min(moment + timedelta(minutes=rng.randint(1, 6)), self.clock.now)
            self.rows[Turn].append(
                new_turn(
                    conversation=conversation,
                    owner_id=writer.pk,
                    audience=Audience.PARTNER,
                    number=number,
                    kind=kind,
                    text=text,
                    submission_key=key_from(rng),
                    created_at=moment,
                )
            )
        # After a confirmation the floor has passed: the next speaker speaks.
        conversation.speaker_id = speaker.pk
        conversation.phase = Phase.SPEAKING
        conversation.step = len(moves)
        conversation.status = TalkStatus.OPEN
        if not keep_open:
            conversation.step += 1
            conversation.status = TalkStatus.CLOSED
        conversation.updated_at = moment
        self.rows[Conversation].append(conversation)

    # --- Journal -------------------------------------------------------------------------

    def journal(self, person, rng):
        count = round(self.days / 12 * rng.uniform(0, 2))
        for offset in sorted(rng.sample(range(self.days), min(count, self.days))):
            day = self.first + timedelta(days=offset)
            prompt = rng.choice(PROMPTS) if rng.random() < 0.5 else None
            moment = self.clock.at(rng, day, 20, 24)
            sentences = rng.sample(words.JOURNAL_SENTENCES, rng.randint(2, 5))
            self.rows[Entry].append(
                new_entry(
                    owner_id=person.pk,
                    audience=weighted(
                        rng,
                        {
                            Audience.PRIVATE: 80,
                            Audience.THERAPIST: 10,
                            Audience.PARTNER: 5,
                            Audience.PARTNER_THERAPIST: 5,
                        },
                    ),
                    key=key_from(rng),
                    submission_key=key_from(rng),
                    title=rng.choice(words.JOURNAL_TITLES),
                    body=" ".join(sentences),
                    root=prompt.root if prompt else "",
                    prompt=prompt.text if prompt else "",
                    created_at=moment,
                    updated_at=moment,
                )
            )
