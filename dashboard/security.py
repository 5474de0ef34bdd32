"""HTTP security headers for every response: CSP, no framing, nosniff, referrer policy.

The Content-Security-Policy allows scripts only from this server plus the hashes of Dash's own
inline scripts (``Dash.csp_hashes()``: the renderer bootstrap and inline clientside callbacks).
Our clientside callbacks live in ``assets/*.js``, so they need no hash. Styles allow
``'unsafe-inline'`` because React and plotly.js set ``style`` attributes and inject ``<style>``
elements. Nothing is loaded from other origins: the app works offline.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from flask import Flask, Response


def content_security_policy(script_hashes: Sequence[str]) -> str:
    """The CSP header value, allowing inline scripts only by their ``'sha256-...'`` hashes."""
    directives = {
        "default-src": ["'self'"],
        "script-src": ["'self'", *script_hashes],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "worker-src": ["'self'", "blob:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
    return "; ".join(f"{name} {' '.join(values)}" for name, values in directives.items())


STATIC_HEADERS: dict[str, str] = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}


def install_security_headers(server: Flask, script_hashes: Callable[[], Sequence[str]]) -> None:
    """Add the security headers to every response of ``server``.

    ``script_hashes`` is called per response because Dash registers some inline scripts lazily
    (the pages router adds its title callback on the first request).
    """

    @server.after_request
    def _add_headers(response: Response) -> Response:
        response.headers.setdefault(
            "Content-Security-Policy", content_security_policy(script_hashes())
        )
        for name, value in STATIC_HEADERS.items():
            response.headers.setdefault(name, value)
        return response
