"""PDFs drawn by WeasyPrint, loading our own static files and nothing else.

A PDF holds text people typed (plan names, reasons, names and addresses). WeasyPrint's
own fetcher follows any `<img>`, `<link>` or CSS `url()` it meets: over HTTP from
inside our network, or `file://` anywhere on the worker's disk. This one serves
only files the static-files machinery knows under `STATIC_URL`, and `data:` URLs
(their bytes are already in the document); anything else is refused, so WeasyPrint
leaves it out of the PDF. WeasyPrint is slow to load: `pdf_from_html` imports it
when first called, and this module is imported only where a PDF is drawn.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.exceptions import SuspiciousFileOperation
from weasyprint.urls import URLFetcher, URLFetcherResponse

# The documents' base URL, so `{% static %}` paths resolve to something this fetcher
# recognises. `.invalid` names never resolve (RFC 2606): nothing is ever sent there.
REPORT_BASE_URL = "https://report.invalid/"


class StaticOnlyFetcher(URLFetcher):  # type: ignore[misc]  # WeasyPrint has no types
    """Serves our static files from disk and refuses every other URL."""

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:
        if url.lower().startswith("data:"):
            return super().fetch(url, headers)
        path = static_file(url)
        if path is None:
            raise ValueError(f"A PDF loads only our own static files, not {url[:200]}")
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": content_type})


def static_file(url: str) -> Path | None:
    """The file on disk for one of our static URLs, or None for any other URL."""
    parts = urlsplit(url)
    if f"{parts.scheme}://{parts.netloc}/" != REPORT_BASE_URL:
        return None
    address, static_url = unquote(parts.path), urlsplit(settings.STATIC_URL).path
    name = address.removeprefix(static_url)
    if not address.startswith(static_url) or not name:
        return None
    found: str | list[str] | None
    try:
        if staticfiles_storage.exists(name):  # collected (hashed names in production)
            found = staticfiles_storage.path(name)
        else:
            found = finders.find(name)  # in development, from the source folders
    except SuspiciousFileOperation:  # "../" out of the static folders
        return None
    path = Path(found) if isinstance(found, str) else None
    return path if path is not None and path.is_file() else None


def pdf_from_html(html: str) -> bytes:
    """A tagged PDF (PDF/UA-1) of one HTML document, loading nothing but our static files."""
    from weasyprint import HTML

    document = HTML(string=html, base_url=REPORT_BASE_URL, url_fetcher=StaticOnlyFetcher())
    pdf: bytes = document.write_pdf(pdf_variant="pdf/ua-1")
    return pdf
