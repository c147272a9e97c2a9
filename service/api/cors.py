"""CORS that lets browsers send the API key, and refuses in the documented error shape."""

from __future__ import annotations

import json

from starlette.datastructures import Headers
from starlette.middleware.cors import CORSMiddleware
from starlette.responses import Response

# Browsers must be allowed to send these, or the key-protected API cannot be called from a page at all.
ALLOWED_HEADERS = ["authorization", "content-type"]


class ErrorShapedCORSMiddleware(CORSMiddleware):
    """Starlette's CORS middleware, but a refused preflight is a JSON error body, not plain text."""

    def preflight_response(self, request_headers: Headers) -> Response:
        """Answer a preflight; a refusal keeps its status and CORS headers and gets the error shape."""
        response = super().preflight_response(request_headers)
        if response.status_code < 400:
            return response
        reason = bytes(response.body).decode("utf-8", "replace")
        body = json.dumps(
            {
                "error": {
                    "type": "cors_rejected",
                    "message": f"{reason}. Allowed: origins in CLAIMEX_CORS_ORIGINS, methods GET and POST, headers "
                    f"{', '.join(ALLOWED_HEADERS)}.",
                    "field": None,
                }
            }
        )
        headers = {k: v for k, v in response.headers.items() if k.lower() not in {"content-type", "content-length"}}
        return Response(body, status_code=response.status_code, headers=headers, media_type="application/json")
