#!/usr/bin/env python3
"""A lab backend: HTTP/1.1 on several ports, answering 'backend ID port PORT'.

Usage: lab-backend.py ID PORT [PORT...]
Every request prints one line, before it is answered, 'served PORT CLIENT-ADDRESS PATH LOCAL-ADDRESS' on stdout
(flushed), so that the test counts what each backend saw (the local address tells the virtual addresses held on 'lo'
apart). GET /stream?bytes=N&chunks=K sends N deterministic bytes
(byte i = i % 251) in K pieces 50 ms apart: a long-lived flow.
"""
import http.server
import socket
import socketserver
import sys
import threading
import time
import urllib.parse

ID = sys.argv[1]
LOCK = threading.Lock()


def pattern(start, length):
    return bytes((i % 251) for i in range(start, start + length))


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True

    def do_GET(self):
        port = self.server.server_address[1]
        url = urllib.parse.urlparse(self.path)
        with LOCK:
            print("served %d %s %s %s" % (port, self.client_address[0], url.path, self.connection.getsockname()[0]),
                  flush=True)
        if url.path == "/stream":
            q = urllib.parse.parse_qs(url.query)
            total = int(q.get("bytes", ["1000000"])[0])
            chunks = max(1, int(q.get("chunks", ["10"])[0]))
            self.send_response(200)
            self.send_header("Content-Type", "application/octet-stream")
            self.send_header("Content-Length", str(total))
            self.end_headers()
            sent = 0
            for k in range(chunks):
                n = total * (k + 1) // chunks - sent
                self.wfile.write(pattern(sent, n))
                self.wfile.flush()
                sent += n
                time.sleep(0.05)
        else:
            body = ("backend %s port %d\n" % (ID, port)).encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    def log_message(self, *args):
        pass


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128


class Server6(Server):
    """The same ports over IPv6 (IPv6 only, so that IPv4 clients keep their plain addresses)."""
    address_family = socket.AF_INET6

    def server_bind(self):
        self.socket.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
        super().server_bind()


servers = [Server(("0.0.0.0", int(p)), Handler) for p in sys.argv[2:]]
for p in sys.argv[2:]:
    try:
        servers.append(Server6(("::", int(p)), Handler))
    except OSError as e:
        print("no IPv6 on port %s: %s" % (p, e), flush=True)
for s in servers:
    threading.Thread(target=s.serve_forever, daemon=True).start()
print("ready", flush=True)
try:
    while True:
        time.sleep(3600)
except KeyboardInterrupt:
    pass
