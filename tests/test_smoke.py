def test_logged_in_person_sees_home(personas, client_for):
    response = client_for(personas["alice"]).get("/home/")
    assert response.status_code == 200
    assert b"linked with Bob" in response.content
