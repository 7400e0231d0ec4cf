"""A client whose calendar is a day ahead of the therapist's: a promise marked on the
client's own today must not break the summary (the estimate would otherwise see a mark
"after today" by the therapist's calendar)."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

from steadfast.commitments.models import Commitment, Mark
from steadfast.core.testing import link, make_grant, make_person, make_therapist, pass_second_step

# 11:30 UTC on 27 November is 00:30 on 28 November in Auckland, still the 27th in London.
NOW = datetime(2026, 11, 27, 11, 30, tzinfo=UTC)


@pytest.mark.django_db
@pytest.mark.parametrize("couple", [False, True])
def test_a_mark_on_a_clients_own_today_ahead_of_the_therapists(client, couple):
    with time_machine.travel(NOW, tick=False):
        aroha = make_person("Aroha")
        aroha.time_zone = "Pacific/Auckland"
        aroha.save(update_fields=["time_zone"])
        theo = make_therapist("Theo")
        theo.time_zone = "Europe/London"
        theo.save(update_fields=["time_zone"])
        their_today = NOW.date() + timedelta(days=1)
        promise = Commitment.objects.create(
            owner=aroha,
            audience="partner+therapist",
            text="Text when I leave work",
            kind="daily",
            start=their_today - timedelta(days=10),
        )
        for back in range(3):
            Mark.objects.create(
                commitment=promise, owner=aroha, day=their_today - timedelta(days=back), done=True
            )
        grant = make_grant(aroha, theo, "commitments")
        url = reverse("practice:client_summary", args=[grant.key])
        if couple:
            mere = make_person("Mere")
            mere.time_zone = "Pacific/Auckland"
            mere.save(update_fields=["time_zone"])
            link(aroha, mere)
            make_grant(mere, theo, "commitments")
            url = reverse("practice:couple_summary", args=[grant.key])
        client.force_login(theo)
        pass_second_step(client, theo)

        response = client.get(url)
        assert response.status_code == 200
        assert "Text when I leave work" in response.content.decode()
