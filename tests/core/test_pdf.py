"""A PDF loads our own static files and nothing else: no web request, no
file elsewhere on the worker's disk, whatever markup reaches the document."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest
from PIL import Image

from core.pdf import StaticOnlyFetcher, pdf_from_html


def images_in(pdf: bytes) -> int:
    return pdf.count(b"/Subtype /Image")


@pytest.fixture
def picture(tmp_path) -> Path:
    path = tmp_path / "picture.png"
    Image.new("RGB", (4, 4), "red").save(path)
    return path


@pytest.fixture
def web_server():
    """A real HTTP server on this machine that notes every request it gets."""
    requests: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            requests.append(self.path)
            self.send_response(404)
            self.end_headers()

        def log_message(self, *args) -> None:
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", requests
    server.shutdown()
    server.server_close()


def test_a_pdf_makes_no_web_request(web_server):
    address, requests = web_server
    pdf_from_html(
        f'<html lang="en"><link rel="stylesheet" href="{address}/style.css">'
        f'<p style="background: url({address}/background.png)">'
        f'Hello <img src="{address}/x" alt=""></p></html>'
    )

    assert requests == []


def test_a_pdf_reads_no_file_outside_our_static_files(picture):
    stylesheet = picture.with_name("page.css")
    stylesheet.write_text("p { background: url(picture.png) }")

    pdf = pdf_from_html(
        f'<html lang="en"><link rel="stylesheet" href="file://{stylesheet}">'
        f'<p>Hello <img src="file://{picture}" alt=""> <img src="file:///etc/passwd" alt="">'
        "</p></html>"
    )

    assert images_in(pdf) == 0


def test_a_pdf_still_loads_our_own_static_files(settings, picture):
    settings.STATICFILES_DIRS = [picture.parent]
    picture.with_name("report-test.css").write_text("p { background: url(picture.png) }")

    pdf = pdf_from_html(
        '<html lang="en"><link rel="stylesheet" href="/static/report-test.css"><p>Hello</p></html>'
    )

    assert images_in(pdf) == 1


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:9/x",
        "https://example.org/x.css",
        "file:///etc/passwd",
        "ftp://example.org/x",
        "https://report.invalid/etc/passwd",
        "https://report.invalid/static/../../../../etc/passwd",
        "https://report.invalid/static/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "https://report.invalid.example.org/static/report-test.css",
        "http://report.invalid/static/report-test.css",
    ],
)
def test_the_fetcher_refuses_anything_but_our_static_files(settings, picture, url):
    settings.STATICFILES_DIRS = [picture.parent]
    picture.with_name("report-test.css").write_text("p { color: red }")

    with pytest.raises(ValueError, match="only our own static files"):
        StaticOnlyFetcher()(url)
    # The same fetcher serves a real one.
    response = StaticOnlyFetcher()("https://report.invalid/static/report-test.css")
    assert (response.read(), response.content_type) == (b"p { color: red }", "text/css")
