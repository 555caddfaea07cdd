"""A static host that compresses as real ones do, for `make bench` and Lighthouse.

GitHub Pages (Fastly) sends text types gzip-compressed when the browser accepts it: HTML, CSS,
JavaScript (.js, .mjs), JSON, SVG, XML, plain text. It also compresses `application/wasm` (observed
on GitHub Pages: maxence-charriere/go-app#866; CloudFront and Netlify do the same), so this host does
too; the bare runner's pyodide.asm.wasm is then 3.6 MB on the wire, not 9.6. Binary types (zip,
gzip, wheels, images, fonts, our .zst files) go as they are. Level 6, zlib's default (the CDN's own
level is not published; 9 would save about 1 %).

`python bench/host.py DIR` serves DIR this way on 127.0.0.1 (a free port unless --port) until
interrupted: point Lighthouse at it.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import io
import os
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests")]

from conftest import _Handler, _QuietServer  # noqa: E402

COMPRESSED_TYPES = {
    "application/javascript",
    "application/json",
    "application/manifest+json",
    "application/wasm",
    "application/xml",
    "image/svg+xml",
}
LEVEL = 6


def compressible(content_type: str) -> bool:
    kind = content_type.split(";")[0].strip().lower()
    return kind.startswith("text/") or kind in COMPRESSED_TYPES


class _Packed:
    """gzip copies by (path, mtime, size): each file is compressed once per run, as a CDN caches it."""

    def __init__(self):
        self.lock = threading.Lock()
        self.copies: dict[tuple[str, int, int], bytes] = {}

    def get(self, path: str) -> bytes:
        stat = os.stat(path)
        key = (path, stat.st_mtime_ns, stat.st_size)
        with self.lock:
            packed = self.copies.get(key)
        if packed is None:
            packed = gzip.compress(Path(path).read_bytes(), compresslevel=LEVEL, mtime=0)
            with self.lock:
                self.copies[key] = packed
        return packed


class CompressingHandler(_Handler):
    """The suite's static host (tests/conftest.py), plus gzip on the types a CDN compresses."""

    packed: _Packed  # set per server

    def send_head(self):
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            index = os.path.join(path, "index.html")
            if not self.path.split("?")[0].endswith("/") or not os.path.isfile(index):
                return super().send_head()  # a redirect or a listing: as the plain host does
            path = index
        accepts = "gzip" in (self.headers.get("Accept-Encoding") or "")
        if not accepts or not os.path.isfile(path) or "Range" in self.headers:
            return super().send_head()
        content_type = self.guess_type(path)
        if not compressible(content_type):
            return super().send_head()
        body = self.packed.get(path)
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Last-Modified", self.date_time_string(int(os.stat(path).st_mtime)))
        self.end_headers()
        return io.BytesIO(body)


def serve(directory: Path, compress: bool = True, port: int = 0) -> _QuietServer:
    """Serve ``directory`` on 127.0.0.1 from a daemon thread, gzip-compressing like GitHub Pages
    (``compress=False``: every file as it is, like the suite's host). Call ``.shutdown()``."""
    if compress:
        handler = type("Handler", (CompressingHandler,), {"packed": _Packed()})
    else:
        handler = _Handler
    server = _QuietServer(("127.0.0.1", port), functools.partial(handler, directory=str(directory)))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory", type=Path)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--plain", action="store_true", help="no compression")
    args = parser.parse_args()
    server = serve(args.directory, compress=not args.plain, port=args.port)
    print(f"http://127.0.0.1:{server.server_address[1]}/", flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        server.shutdown()


if __name__ == "__main__":
    main()
