"""Who may publish: users with hashed passwords from the operator, sign-in with CSRF, signed
sessions, publishing disabled without a secret, Dash-style JSON POSTs need the CSRF header."""

from __future__ import annotations

import re
import stat

import flask
import pytest

from dashboard import users
from dashboard.auth import CSRF_COOKIE, PublishingNotAllowed, init_auth, require_publisher
from dashboard.cli import main
from dashboard.login_throttle import LoginThrottle, MemoryCounts, ThrottlePolicy

SECRET = "s" * 40
PASSWORD = "correct horse battery"


@pytest.fixture
def users_file(tmp_path, monkeypatch):
    path = tmp_path / "users.txt"
    monkeypatch.setenv(users.USERS_FILE_ENV, str(path))
    monkeypatch.delenv(users.USERS_ENV, raising=False)
    return path


def add(capsys, monkeypatch, name: str, password: str, *flags: str) -> tuple[int, str, str]:
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO(password + "\n"))
    code = main(["users", "add", name, *flags])
    out, err = capsys.readouterr()
    return code, out, err


def make_app(
    monkeypatch, secret: str | None = SECRET, throttle: LoginThrottle | None = None
) -> flask.Flask:
    if secret is None:
        monkeypatch.delenv("CAM_ATLAS_SECRET_KEY", raising=False)
    else:
        monkeypatch.setenv("CAM_ATLAS_SECRET_KEY", secret)
    app = flask.Flask("auth-test")
    init_auth(app, throttle=throttle)

    @app.post("/_dash-update-component")
    def publish_callback():  # stands in for a Dash callback that publishes
        try:
            return {"publisher": require_publisher()}
        except PublishingNotAllowed as exc:
            return {"error": str(exc)}, 403

    return app


def token_of(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def sign_in(client, name: str, password: str, next_url: str = "/data", address: str = ""):
    token = token_of(client.get("/auth/sign-in").get_data(as_text=True))
    form = {"name": name, "password": password, "csrf_token": token, "next": next_url}
    environ = {"environ_base": {"REMOTE_ADDR": address}} if address else {}
    return client.post("/auth/sign-in", data=form, **environ)


def publish(client, header: str | None):
    headers = {"X-CSRFToken": header} if header else {}
    return client.post("/_dash-update-component", json={"output": "x"}, headers=headers)


def test_users_add_stores_a_hash_only_readable_by_the_owner(users_file, capsys, monkeypatch):
    code, out, _ = add(capsys, monkeypatch, "aigul", PASSWORD)
    assert code == 0 and "user 'aigul' added" in out
    text = users_file.read_text()
    assert text.startswith("aigul:scrypt:") and PASSWORD not in text
    assert stat.S_IMODE(users_file.stat().st_mode) == 0o600
    assert users.verify("aigul", PASSWORD) and not users.verify("aigul", PASSWORD + "x")
    assert add(capsys, monkeypatch, "aigul", "another password")[0] == 2  # exists
    assert add(capsys, monkeypatch, "aigul", "another password", "--replace")[0] == 0
    assert users.verify("aigul", "another password") and not users.verify("aigul", PASSWORD)
    assert add(capsys, monkeypatch, "bakyt", "short")[0] == 2
    assert add(capsys, monkeypatch, "bad name\n", PASSWORD)[0] == 2
    assert main(["users", "list"]) == 0
    assert capsys.readouterr().out.split() == ["aigul"]


def test_users_from_the_environment_variable(monkeypatch, tmp_path):
    from werkzeug.security import generate_password_hash

    monkeypatch.setenv(users.USERS_FILE_ENV, str(tmp_path / "absent.txt"))
    entry = f"aigul:{generate_password_hash(PASSWORD)}; bakyt:{generate_password_hash('x' * 12)}"
    monkeypatch.setenv(users.USERS_ENV, entry)
    assert sorted(users.load_users()) == ["aigul", "bakyt"]
    assert users.verify("bakyt", "x" * 12)
    monkeypatch.setenv(users.USERS_ENV, "aigul=plain-text-password")
    with pytest.raises(users.UserConfigError, match="NAME:HASH"):
        users.load_users()


@pytest.mark.parametrize("secret", [None, "too short"])
def test_without_a_secret_publishing_is_disabled_and_says_how_to_enable_it(
    users_file, capsys, monkeypatch, secret
):
    add(capsys, monkeypatch, "aigul", PASSWORD)
    client = make_app(monkeypatch, secret).test_client()
    status = client.get("/auth/status").get_json()
    assert status["publishing"] is False and "CAM_ATLAS_SECRET_KEY" in status["reason"]
    page = client.get("/auth/sign-in")
    assert page.status_code == 503 and "CAM_ATLAS_SECRET_KEY" in page.get_data(as_text=True)
    assert (
        client.post("/auth/sign-in", data={"name": "aigul", "password": PASSWORD}).status_code
        == 503
    )
    refused = publish(client, "anything")
    assert refused.status_code == 403 and "CAM_ATLAS_SECRET_KEY" in refused.get_json()["error"]


def test_without_users_publishing_is_disabled(users_file, monkeypatch):
    status = make_app(monkeypatch).test_client().get("/auth/status").get_json()
    assert status["publishing"] is False and "cam-atlas users add" in status["reason"]


def test_a_wrong_password_or_unknown_name_is_refused(users_file, capsys, monkeypatch):
    add(capsys, monkeypatch, "aigul", PASSWORD)
    client = make_app(monkeypatch).test_client()
    for name, password in (("aigul", "wrong password"), ("nobody", PASSWORD), ("aigul", "")):
        response = sign_in(client, name, password)
        assert response.status_code == 401
        assert "Wrong name or password." in response.get_data(as_text=True)
    assert client.get("/auth/status").get_json()["publisher"] is None
    assert client.get_cookie(CSRF_COOKIE) is None
    assert publish(client, None).status_code == 403


def test_sign_in_needs_the_forms_csrf_token(users_file, capsys, monkeypatch):
    add(capsys, monkeypatch, "aigul", PASSWORD)
    client = make_app(monkeypatch).test_client()
    client.get("/auth/sign-in")
    response = client.post("/auth/sign-in", data={"name": "aigul", "password": PASSWORD})
    assert response.status_code == 400
    assert client.get("/auth/status").get_json()["publisher"] is None


def test_signed_in_publishing_needs_the_csrf_header_dash_sends(users_file, capsys, monkeypatch):
    add(capsys, monkeypatch, "aigul", PASSWORD)
    app = make_app(monkeypatch)
    client = app.test_client()
    response = sign_in(client, "aigul", PASSWORD, next_url="/data?lang=ru")
    assert response.status_code == 303 and response.headers["Location"] == "/data?lang=ru"
    session = client.get_cookie("cam_atlas_session")
    assert session is not None and session.http_only and session.same_site == "Lax"
    token = client.get_cookie(CSRF_COOKIE)
    assert token is not None and not token.http_only and token.same_site == "Strict"

    assert client.get("/auth/status").get_json()["publisher"] == "aigul"
    assert publish(client, token.value).get_json() == {"publisher": "aigul"}
    assert publish(client, None).status_code == 403  # a cross-site POST has no header
    assert publish(client, "forged").status_code == 403

    other = app.test_client()  # another browser's valid token is worth nothing in this session
    sign_in(other, "aigul", PASSWORD)
    assert publish(other, other.get_cookie(CSRF_COOKIE).value).status_code == 200
    assert publish(client, other.get_cookie(CSRF_COOKIE).value).status_code == 403


def test_sign_in_never_redirects_to_another_site(users_file, capsys, monkeypatch):
    add(capsys, monkeypatch, "aigul", PASSWORD)
    for target in ("https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:x"):
        client = make_app(monkeypatch).test_client()
        assert sign_in(client, "aigul", PASSWORD, target).headers["Location"] == "/"


def test_sign_out_and_removing_a_user_end_publishing(users_file, capsys, monkeypatch):
    add(capsys, monkeypatch, "aigul", PASSWORD)
    add(capsys, monkeypatch, "bakyt", PASSWORD)
    app = make_app(monkeypatch)
    first, second = app.test_client(), app.test_client()
    sign_in(first, "aigul", PASSWORD)
    sign_in(second, "bakyt", PASSWORD)

    assert first.post("/auth/sign-out").status_code == 400  # needs the token too
    token = first.get_cookie(CSRF_COOKIE).value
    assert first.post("/auth/sign-out", headers={"X-CSRFToken": token}).status_code == 303
    assert first.get("/auth/status").get_json()["publisher"] is None
    assert publish(first, token).status_code == 403

    assert main(["users", "remove", "bakyt"]) == 0
    assert publish(second, second.get_cookie(CSRF_COOKIE).value).status_code == 403


def test_the_atlas_serves_the_auth_routes_with_its_security_headers(data_env):
    from dashboard.app import server

    client = server.test_client()
    status = client.get("/auth/status")
    assert status.status_code == 200 and set(status.get_json()) == {
        "publishing",
        "publisher",
        "reason",
    }
    page = client.get("/auth/sign-in")
    assert page.status_code in (200, 503)
    assert page.headers["Cache-Control"] == "no-store"
    assert "frame-ancestors 'none'" in page.headers["Content-Security-Policy"]
    assert client.get("/").status_code == 200  # reading needs no account


# --- throttling failed sign-ins -------------------------------------------------------------


class Clock:
    """A clock the test moves by hand (no sleeps)."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def throttled(users_file, capsys, monkeypatch):
    """An app with two users, throttled at 3 failures per name and 6 per address in 60 s,
    and a count of password checks."""
    add(capsys, monkeypatch, "aigul", PASSWORD)
    add(capsys, monkeypatch, "bakyt", PASSWORD)
    clock = Clock()
    policy = ThrottlePolicy(max_user_failures=3, max_client_failures=6, window_s=60)
    app = make_app(monkeypatch, throttle=LoginThrottle(policy, MemoryCounts(clock)))
    checks = []
    verify = users.verify
    monkeypatch.setattr(users, "verify", lambda *a: checks.append(a[0]) or verify(*a))
    return app, clock, checks


def test_repeated_wrong_passwords_are_throttled_without_hashing(throttled):
    app, clock, checks = throttled
    client = app.test_client()
    for _ in range(3):
        assert sign_in(client, "aigul", "wrong password").status_code == 401
    assert len(checks) == 3
    refused = sign_in(client, "aigul", "wrong password")
    assert refused.status_code == 429 and refused.headers["Retry-After"] == "60"
    assert "Too many failed sign-ins" in refused.get_data(as_text=True)
    clock.now += 45
    right = sign_in(client, "aigul", PASSWORD)  # the right password, still inside the window
    assert right.status_code == 429 and right.headers["Retry-After"] == "15"
    assert len(checks) == 3  # no password was hashed while throttled
    assert client.get("/auth/status").get_json()["publisher"] is None

    clock.now += 15  # the window has passed
    assert sign_in(client, "aigul", PASSWORD).status_code == 303
    assert client.get("/auth/status").get_json()["publisher"] == "aigul"


def test_a_throttled_name_leaves_other_users_and_a_success_clears_the_count(throttled):
    app, _clock, _ = throttled
    for _ in range(3):
        sign_in(app.test_client(), "aigul", "wrong password", address="127.0.0.2")
    assert sign_in(app.test_client(), "aigul", PASSWORD).status_code == 429
    assert sign_in(app.test_client(), "bakyt", PASSWORD).status_code == 303

    for _ in range(2):
        sign_in(app.test_client(), "bakyt", "wrong password")
    assert sign_in(app.test_client(), "bakyt", PASSWORD).status_code == 303  # clears bakyt's 2
    for _ in range(2):
        assert sign_in(app.test_client(), "bakyt", "wrong password").status_code == 401


def test_one_address_trying_many_names_is_throttled_other_addresses_not(throttled):
    app, _clock, checks = throttled
    client = app.test_client()
    for i in range(6):
        assert (
            sign_in(client, f"guess{i}", "wrong password", address="127.0.0.2").status_code == 401
        )
    assert sign_in(client, "bakyt", PASSWORD, address="127.0.0.2").status_code == 429
    assert len(checks) == 6
    assert sign_in(app.test_client(), "bakyt", PASSWORD, address="127.0.0.3").status_code == 303


def test_memory_counts_stay_bounded():
    clock = Clock()
    counts = MemoryCounts(clock, max_keys=100)
    for i in range(1000):
        counts.add(f"user:{i}", 60)
        clock.now += 0.01
    assert len(counts._counts) <= 100
    assert counts.get("user:999")[0] == 1  # the newest are kept


def test_the_client_address_behind_a_trusted_proxy(monkeypatch):
    from dashboard.login_throttle import client_address

    app = flask.Flask("address")
    headers = {"X-Forwarded-For": "1.2.3.4, 127.0.0.9"}
    environ = {"REMOTE_ADDR": "127.0.0.5"}
    with app.test_request_context("/", headers=headers, environ_base=environ):
        assert client_address() == "127.0.0.5"  # no proxy configured: the header is ignored
        monkeypatch.setenv("CAM_ATLAS_PROXY_COUNT", "1")
        assert client_address() == "127.0.0.9"  # what our proxy saw, not what the client wrote


def test_redis_counts_are_shared_by_processes(redis_url):
    from dashboard.login_throttle import RedisCounts

    policy = ThrottlePolicy(max_user_failures=3, max_client_failures=100, window_s=60)
    first = LoginThrottle(policy, RedisCounts(redis_url))
    second = LoginThrottle(policy, RedisCounts(redis_url))
    for throttle in (first, second, first):
        assert throttle.retry_after("127.0.0.2", "aigul") == 0
        throttle.failed("127.0.0.2", "aigul")
    assert 0 < second.retry_after("127.0.0.3", "Aigul ") <= 60
    assert first.retry_after("127.0.0.3", "bakyt") == 0
    second.succeeded("127.0.0.3", "aigul")
    assert first.retry_after("127.0.0.3", "aigul") == 0


def test_an_unreachable_redis_falls_back_to_counting_in_process():
    from dashboard.login_throttle import RedisCounts

    policy = ThrottlePolicy(max_user_failures=2, max_client_failures=100, window_s=60)
    throttle = LoginThrottle(policy, RedisCounts("redis://127.0.0.1:1/0"))
    for _ in range(2):
        throttle.failed("127.0.0.2", "aigul")
    assert throttle.retry_after("127.0.0.2", "aigul") > 0
