def test_lists_answer(world, api_key, client):
    for path in ("clusters", "technology-areas", "organizations", "opportunities", "interests"):
        response = client.get(f"/api/v1/{path}/")
        assert response.status_code == 200, (path, response.content[:300])
        response = api_key("staff_x").client().get(f"/api/v1/{path}/")
        assert response.status_code == 200, (path, response.content[:300])
