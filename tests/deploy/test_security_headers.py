"""The security headers a response carries under production settings: HSTS, CSP, Referrer-Policy,
X-Frame-Options DENY, nosniff, secure cookies, and the redirect from HTTP to HTTPS."""

import pytest

PRODUCTION = {
    "DEBUG": False,
    "SECURE_SSL_REDIRECT": True,
    "SECURE_HSTS_SECONDS": 31_536_000,
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
    "SECURE_HSTS_PRELOAD": True,
    "SESSION_COOKIE_SECURE": True,
    "CSRF_COOKIE_SECURE": True,
    "ALLOWED_HOSTS": ["claimtrail.example.org"],
}
HOST = "claimtrail.example.org"


@pytest.fixture
def production(settings):
    for name, value in PRODUCTION.items():
        setattr(settings, name, value)
    return settings


def directives(policy: str) -> dict[str, list[str]]:
    parts = [part.strip().split() for part in policy.split(";") if part.strip()]
    return {part[0]: part[1:] for part in parts}


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/api/v1/claims/", "/admin/login/", "/healthz"])
def test_https_responses_carry_the_security_headers(client, production, path):
    response = client.get(path, secure=True, HTTP_HOST=HOST)
    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == ("max-age=31536000; includeSubDomains; preload")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    policy = directives(response["Content-Security-Policy"])
    assert policy["default-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    # Scripts: own files and nonce-carrying inline scripts; never 'unsafe-inline' or eval.
    assert policy["script-src"][0] == "'self'"
    assert all(v.startswith("'nonce-") for v in policy["script-src"][1:])
    assert "'unsafe-inline'" not in policy["script-src"]
    assert "'unsafe-eval'" not in policy["script-src"]


@pytest.mark.django_db
def test_only_the_api_docs_page_allows_inline_scripts(client, production):
    """Swagger UI starts from an inline script without a nonce: that page alone allows it."""
    response = client.get("/api/docs/", secure=True, HTTP_HOST=HOST)
    assert response.status_code == 200
    policy = directives(response["Content-Security-Policy"])
    assert policy["script-src"] == ["'self'", "'unsafe-inline'"]
    assert policy["default-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")


@pytest.mark.django_db
def test_the_admin_login_uses_a_fresh_nonce_per_response(client, production):
    nonces = set()
    for _ in range(2):
        response = client.get("/admin/login/", secure=True, HTTP_HOST=HOST)
        script_src = directives(response["Content-Security-Policy"])["script-src"]
        nonce = next((v for v in script_src if v.startswith("'nonce-")), None)
        if nonce:
            assert f'nonce="{nonce[7:-1]}"' in response.content.decode()
            nonces.add(nonce)
    assert len(nonces) in (0, 2)


@pytest.mark.django_db
def test_http_is_redirected_to_https(client, production):
    response = client.get("/api/v1/claims/?ordering=-credibility", HTTP_HOST=HOST)
    assert response.status_code == 301
    assert response["Location"] == f"https://{HOST}/api/v1/claims/?ordering=-credibility"


@pytest.mark.django_db
def test_the_csrf_cookie_is_secure(client, production):
    response = client.get("/admin/login/", secure=True, HTTP_HOST=HOST)
    assert response.cookies["csrftoken"]["secure"] is True


@pytest.mark.django_db
def test_a_logged_in_session_cookie_is_secure_and_http_only(client, production, editor):
    editor.set_password("correct-horse-battery-9")
    editor.save()
    client.get("/admin/login/", secure=True, HTTP_HOST=HOST)
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": editor.username, "password": "correct-horse-battery-9"},
        secure=True,
        HTTP_HOST=HOST,
        HTTP_REFERER=f"https://{HOST}/admin/login/",
    )
    assert response.status_code == 302, response.content[:500]
    cookie = response.cookies["sessionid"]
    assert cookie["secure"] is True
    assert cookie["httponly"] is True


@pytest.mark.django_db
def test_development_sends_no_hsts_and_does_not_redirect(client):
    response = client.get("/api/v1/claims/")
    assert response.status_code == 200
    assert "Strict-Transport-Security" not in response
    assert "Content-Security-Policy" in response  # the policy is on in development too
