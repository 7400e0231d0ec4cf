"""Device tips (/device/): public, honest about what helps and what doesn't (IPV-19)."""

from .conftest import page_text


def test_anyone_can_open_it_logged_out_or_in(personas, client_for):
    for who in [None, "alice", "sam", "theo"]:
        response = client_for(personas[who] if who else None).get("/device/")

        assert response.status_code == 200, who
        text = page_text(response)
        assert "<h1>Using your devices more safely</h1>" in text
        assert '<a href="/support/">People who can help</a>' in text


def test_it_warns_about_monitoring_without_overpromising(db, client):
    text = page_text(client.get("/device/"))

    assert "If someone may be watching what you do on your phone or computer" in text
    assert "None of them is a guarantee" in text
    assert "suddenly locking someone out can make them angry" in text
    assert "Use a device they can't reach" in text
    assert "they don't hide what you do from spying software" in text
    assert "is not erased by the quick-exit button" in text


def test_other_methods_are_not_allowed(db, client):
    for method in ["post", "put", "delete"]:
        assert getattr(client, method)("/device/").status_code == 405, method
