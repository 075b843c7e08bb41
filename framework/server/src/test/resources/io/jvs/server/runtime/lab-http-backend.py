#!/usr/bin/env python3
"""A lab backend for the HTTP classifier: HTTP/1.1 on one port, every answer carries 'X-Backend: ID'.

Usage: lab-http-backend.py ID PORT
Every request prints 'served METHOD CLIENT-ADDRESS PATH' on stdout (flushed) before it is answered.
GET /big?bytes=N answers N deterministic bytes (byte i = i % 251). A request with a body (POST, PUT)
is read whole and answered 'backend ID METHOD bytes=N sha256=HEX'. Other requests get
'backend ID METHOD'.
"""
import hashlib
import http.server
import socketserver
import sys
import threading
import time
import urllib.parse

ID = sys.argv[1]
PORT = int(sys.argv[2])
LOCK = threading.Lock()
PATTERN = bytes(i % 251 for i in range(251 * 256))


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_request_line(self):
        with LOCK:
            print("served %s %s %s" % (self.command, self.client_address[0], self.path), flush=True)

    def answer(self, body, length=None):
        self.send_response(200)
        self.send_header("X-Backend", ID)
        self.send_header("Content-Type", "text/plain" if length is None else "application/octet-stream")
        self.send_header("Content-Length", str(len(body) if length is None else length))
        self.end_headers()

    def handle_any(self):
        self.log_request_line()
        url = urllib.parse.urlparse(self.path)
        length = int(self.headers.get("Content-Length", "0"))
        if self.command == "GET" and url.path == "/big":
            total = int(urllib.parse.parse_qs(url.query).get("bytes", ["1048576"])[0])
            self.answer(b"", total)
            sent = 0
            while sent < total:
                n = min(len(PATTERN) - sent % 251, total - sent)
                start = sent % 251
                self.wfile.write(PATTERN[start:start + n])
                sent += n
            return
        if length > 0:
            digest = hashlib.sha256()
            left = length
            while left > 0:
                chunk = self.rfile.read(min(65536, left))
                if not chunk:
                    break
                digest.update(chunk)
                left -= len(chunk)
            body = ("backend %s %s bytes=%d sha256=%s\n" % (ID, self.command, length - left,
                                                            digest.hexdigest())).encode()
        else:
            body = ("backend %s %s\n" % (ID, self.command)).encode()
        self.answer(body)
        if self.command != "HEAD":
            self.wfile.write(body)

    do_GET = do_HEAD = do_POST = do_PUT = do_DELETE = do_OPTIONS = handle_any

    def log_message(self, *args):
        pass


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128


server = Server(("0.0.0.0", PORT), Handler)
threading.Thread(target=server.serve_forever, daemon=True).start()
print("ready", flush=True)
try:
    while True:
        time.sleep(3600)
except KeyboardInterrupt:
    pass
