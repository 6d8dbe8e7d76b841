"""``talentkit serve``: a JSON API (``/api/v1``, OpenAPI 3.1) and a bilingual web page.

Needs the optional ``web`` extra (Litestar, uvicorn, Jinja2). Nothing in the core imports
this package; the CLI imports it only when ``talentkit serve`` runs.
"""

from talentkit.web.app import create_app
from talentkit.web.settings import Settings

__all__ = ["Settings", "create_app"]
