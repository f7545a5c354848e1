"""What the server lets through, around everything it serves: the Host names it answers to,
the headers every response carries, and the routes it has no use for.

- **Host names**: only loopback names, the address it is bound to and the names an
  operator allows (CICA_ALLOWED_HOSTS). Any other Host header is a 400 (Starlette's
  TrustedHostMiddleware): a page on another site cannot reach a loopback server through a
  name it controls (DNS rebinding).
- **Headers**: no MIME sniffing, no referrer sent to other sites, never inside another
  site's frame, and a Content-Security-Policy under which the chat works (its scripts,
  styles, fonts and connections come from the server itself; Gradio needs inline ones).
- **Routes**: Gradio's file upload (the chat takes no files) and the OpenAPI schema and
  docs answer 404.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Any

LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")
_ANY_ADDRESS = frozenset({"0.0.0.0", "::", ""})
CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self' 'unsafe-inline' 'unsafe-eval' blob:",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        "media-src 'self' data: blob:",
        "connect-src 'self'",
        "worker-src 'self' blob:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)
SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
)
# Gradio's upload routes (the chat has no file input, so nothing may be uploaded), and the
# OpenAPI schema and docs the mounted Gradio app would serve (a map of every route)
BLOCKED_PATHS = frozenset(
    {
        *(f"{path}{end}" for path in ("/gradio_api/upload", "/upload") for end in ("", "/")),
        *("/openapi.json", "/docs", "/docs/oauth2-redirect", "/redoc"),
    }
)


def allowed_hosts(bound: str, allowed: str) -> list[str]:
    """The Host names the server answers to: loopback names, the address it is bound to
    (unless it is every address), and the comma-separated names of CICA_ALLOWED_HOSTS."""
    names = [*LOOPBACK_NAMES]
    if bound.strip().strip("[]") not in _ANY_ADDRESS:
        names.append(bound.strip().strip("[]"))
    names += [name.strip().lower() for name in allowed.split(",") if name.strip()]
    return list(dict.fromkeys(names))


def guard(app: Any, hosts: Sequence[str]) -> None:
    """Put the FastAPI app behind the Host check, with the security headers and the blocked
    routes (outermost: before anything else sees a request)."""
    from starlette.middleware.trustedhost import TrustedHostMiddleware

    app.add_middleware(with_headers)
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=list(hosts))


def with_headers(app: Any) -> Callable[..., Awaitable[None]]:
    """ASGI middleware: the security headers on every response; blocked routes a 404."""

    async def guarded(scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await app(scope, receive, send)
            return
        if scope.get("path", "") in BLOCKED_PATHS:
            await _not_found(send)
            return

        async def send_with_headers(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                extra = [(n, v) for n, v in SECURITY_HEADERS if n not in present]
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        await app(scope, receive, send_with_headers)

    return guarded


async def _not_found(send: Any) -> None:
    body = b'{"error":"not found"}'
    await send(
        {
            "type": "http.response.start",
            "status": 404,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                *SECURITY_HEADERS,
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
