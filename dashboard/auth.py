"""Who may publish: sign-in with Flask-Login, signed session cookies, CSRF protection.

Reading stays open to everyone; publishing needs a signed-in user (``dashboard.users``).

- ``CAM_ATLAS_SECRET_KEY`` signs the session cookie (use 32+ random bytes, the same on every
  app machine so any of them accepts a session). Without it publishing is disabled:
  ``publishing_status()`` says why and how to enable it, and the sign-in route answers 503.
- ``CAM_ATLAS_SECURE_COOKIES=1`` marks the cookies ``Secure`` (set it behind HTTPS).
- Routes (under the app's prefix): ``GET/POST auth/sign-in`` (form fields ``name``,
  ``password``, ``csrf_token``, optional ``next``), ``POST auth/sign-out`` and ``GET
  auth/status`` (JSON: ``publishing``, ``publisher``, ``reason``).
- Failed sign-ins are throttled per client address and per name (``dashboard.login_throttle``):
  past the limit the route answers 429 with ``Retry-After`` and checks no password.
- CSRF: Flask-WTF's token (``csrf_token()`` in forms). Checking is not global (Dash's own
  callback POSTs would fail) but done in these routes and in ``current_publisher()``. For Dash
  callbacks the token travels as the ``X-CSRFToken`` header: after sign-in the server sets the
  cookie ``_csrf_token`` (readable by scripts, ``SameSite=Strict``), which dash-renderer copies
  into that header on every callback request (double submit; another site can neither read the
  cookie nor set the header). A publish callback calls ``require_publisher()``.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from dataclasses import dataclass
from urllib.parse import urlsplit

import flask
from flask_login import LoginManager, UserMixin, current_user, login_user, logout_user
from flask_wtf.csrf import CSRFError, CSRFProtect, generate_csrf, validate_csrf
from werkzeug.wrappers import Response

from dashboard import users
from dashboard.login_throttle import LoginThrottle, client_address
from geodata.errors import UserFacingError

SECRET_ENV = "CAM_ATLAS_SECRET_KEY"
SECURE_COOKIES_ENV = "CAM_ATLAS_SECURE_COOKIES"
MIN_SECRET_LENGTH = 32
CSRF_COOKIE = "_csrf_token"  # the name dash-renderer reads (header X-CSRFToken)
SESSION_HOURS = 8
DISABLED_REASON = (
    "Publishing is disabled on this server: the operator must set CAM_ATLAS_SECRET_KEY "
    "(at least 32 random characters, the same on every app machine) and add users with "
    "'cam-atlas users add NAME'. Reading the atlas needs neither."
)
THROTTLE_EXTENSION = "cam_atlas_login_throttle"
NO_USERS_REASON = (
    "No one may publish yet: the operator adds people with 'cam-atlas users add NAME'."
)

log = logging.getLogger(__name__)
csrf = CSRFProtect()
login_manager = LoginManager()


class PublishingNotAllowed(UserFacingError):
    """A publish attempt without a signed-in user, a valid CSRF token or a configured secret."""


@dataclass(frozen=True)
class Publisher(UserMixin):
    """A signed-in user who may publish (``id`` is the user name)."""

    id: str


@dataclass(frozen=True)
class PublishingStatus:
    """Whether this server accepts publishing, and why not."""

    enabled: bool
    reason: str = ""


def secret_key() -> str:
    """``CAM_ATLAS_SECRET_KEY`` ("" when unset or shorter than ``MIN_SECRET_LENGTH``)."""
    secret = os.environ.get(SECRET_ENV, "").strip()
    return secret if len(secret) >= MIN_SECRET_LENGTH else ""


def publishing_status() -> PublishingStatus:
    """Enabled when a secret is configured and at least one user exists."""
    if not secret_key():
        return PublishingStatus(False, DISABLED_REASON)
    try:
        configured = users.load_users()
    except users.UserConfigError as exc:
        return PublishingStatus(False, f"Publishing is disabled: {exc}")
    if not configured:
        return PublishingStatus(False, NO_USERS_REASON)
    return PublishingStatus(True)


def init_auth(
    server: flask.Flask, prefix: str = "/", throttle: LoginThrottle | None = None
) -> None:
    """Configure sessions, Flask-Login and CSRF on ``server`` and add the ``auth/`` routes;
    ``throttle`` counts failed sign-ins (``LoginThrottle.from_env()`` when None)."""
    secret = secret_key()
    if secret:
        server.secret_key = secret
    secure = os.environ.get(SECURE_COOKIES_ENV, "") in ("1", "true", "yes")
    server.config.update(
        SESSION_COOKIE_NAME="cam_atlas_session",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=secure,
        PERMANENT_SESSION_LIFETIME=dt.timedelta(hours=SESSION_HOURS),
        WTF_CSRF_CHECK_DEFAULT=False,  # Dash's callback POSTs are checked in current_publisher
        WTF_CSRF_TIME_LIMIT=None,  # the token lives as long as the session
        WTF_CSRF_SSL_STRICT=secure,
    )
    server.extensions[THROTTLE_EXTENSION] = throttle or LoginThrottle.from_env()
    csrf.init_app(server)
    login_manager.init_app(server)
    # "basic", not "strong": behind a load balancer a user's address may differ per request.
    login_manager.session_protection = "basic"
    server.register_blueprint(_blueprint(), url_prefix=prefix.rstrip("/") + "/auth")


@login_manager.user_loader
def _load_user(name: str) -> Publisher | None:
    """The session's user, if still configured (removing a user ends their sessions)."""
    try:
        return Publisher(name) if name in users.load_users() else None
    except users.UserConfigError:
        return None


def current_publisher() -> str | None:
    """The name of the signed-in user allowed to publish in this request, else None.

    None when publishing is disabled, no one is signed in, or (for a POST, e.g. a Dash
    callback) the request lacks a valid CSRF token in the ``csrf_token`` form field or the
    ``X-CSRFToken`` header.
    """
    if not flask.has_request_context() or not publishing_status().enabled:
        return None
    if not current_user.is_authenticated:
        return None
    if flask.request.method not in ("GET", "HEAD", "OPTIONS"):
        token = flask.request.headers.get("X-CSRFToken") or flask.request.form.get("csrf_token")
        try:
            validate_csrf(token)
        except Exception:
            return None
    return str(current_user.id)


def require_publisher() -> str:
    """``current_publisher()`` or ``PublishingNotAllowed`` saying what is missing."""
    status = publishing_status()
    if not status.enabled:
        raise PublishingNotAllowed(status.reason)
    name = current_publisher()
    if name is None:
        raise PublishingNotAllowed("Sign in to publish (your session may have expired).")
    return name


# --- routes ----------------------------------------------------------------------------------

SIGN_IN_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Sign in to publish · CAM Atlas</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,"></head>
<body><main>
<h1>Sign in to publish</h1>
{% if message %}<p role="alert">{{ message }}</p>{% endif %}
{% if enabled %}
<form method="post" action="{{ action }}">
  <input type="hidden" name="csrf_token" value="{{ token }}">
  <input type="hidden" name="next" value="{{ next }}">
  <p><label>Name <input name="name" autocomplete="username" required></label></p>
  <p><label>Password <input name="password" type="password" autocomplete="current-password"
     required></label></p>
  <p><button type="submit">Sign in</button></p>
</form>
{% endif %}
<p><a href="{{ home }}">Back to the atlas</a> (reading needs no account).</p>
</main></body></html>
"""


def _blueprint() -> flask.Blueprint:
    blueprint = flask.Blueprint("auth", __name__)

    @blueprint.route("/sign-in", methods=["GET", "POST"])
    def sign_in() -> Response:
        status = publishing_status()
        if not status.enabled:
            return _page(status.reason, enabled=False, code=503)
        if flask.request.method == "GET":
            return _page("", enabled=True)
        csrf.protect()
        name = flask.request.form.get("name", "")
        password = flask.request.form.get("password", "")
        throttle: LoginThrottle = flask.current_app.extensions[THROTTLE_EXTENSION]
        client = client_address()
        wait = throttle.retry_after(client, name)
        if wait:  # refused before the (slow) password hash
            log.warning("sign-in throttled for %r from %s (%d s)", name[:64], client, wait)
            minutes = max(1, round(wait / 60))
            message = f"Too many failed sign-ins; try again in about {minutes} minute(s)."
            response = _page(message, enabled=True, code=429)
            response.headers["Retry-After"] = str(wait)
            return response
        if not users.verify(name, password):
            throttle.failed(client, name)
            return _page("Wrong name or password.", enabled=True, code=401)
        throttle.succeeded(client, name)
        flask.session.clear()  # a fresh session: nothing carried over from before sign-in
        login_user(Publisher(name))
        flask.session.permanent = True
        response = flask.redirect(_safe_next(flask.request.form.get("next", "")), code=303)
        return _with_csrf_cookie(response)

    @blueprint.route("/sign-out", methods=["POST"])
    def sign_out() -> Response:
        if secret_key():
            csrf.protect()
            logout_user()
            flask.session.clear()
        response = flask.redirect(_home(), code=303)
        response.delete_cookie(CSRF_COOKIE, path=_home())
        return _no_store(response)

    @blueprint.route("/status")
    def status() -> Response:
        state = publishing_status()
        body = {
            "publishing": state.enabled,
            "publisher": current_publisher() if state.enabled else None,
            "reason": state.reason,
        }
        return _no_store(flask.jsonify(body))

    @blueprint.errorhandler(CSRFError)
    def csrf_failed(error: CSRFError) -> Response:
        message = "The form expired or did not come from this site; please sign in again."
        return _page(message, enabled=publishing_status().enabled, code=400)

    return blueprint


def _home() -> str:
    """The app's root path (the blueprint's prefix without ``auth``)."""
    return flask.url_for("auth.sign_in").rsplit("/auth/", 1)[0] + "/"


def _safe_next(target: str) -> str:
    """A local path to return to after sign-in; anything else (other hosts) goes home."""
    parts = urlsplit(target)
    local = target.startswith("/") and not target.startswith(("//", "/\\"))
    if not local or parts.scheme or parts.netloc:
        return _home()
    return target


def _page(message: str, enabled: bool, code: int = 200) -> Response:
    html = flask.render_template_string(
        SIGN_IN_PAGE,
        message=message,
        enabled=enabled,
        token=generate_csrf() if enabled else "",
        next=flask.request.values.get("next", ""),
        action=flask.url_for("auth.sign_in"),
        home=_home(),
    )
    response = flask.make_response(html, code)
    return _no_store(response)


def _with_csrf_cookie(response: Response) -> Response:
    """Hand the CSRF token to dash-renderer (it sends it back as ``X-CSRFToken``)."""
    response.set_cookie(
        CSRF_COOKIE,
        generate_csrf(),
        path=_home(),
        samesite="Strict",
        secure=flask.current_app.config["SESSION_COOKIE_SECURE"],
        httponly=False,  # read by dash-renderer's script; useless to other sites
    )
    return _no_store(response)


def _no_store(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-store"
    return response
