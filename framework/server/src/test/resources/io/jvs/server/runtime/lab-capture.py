#!/usr/bin/env python3
"""Captures tunnelled frames on an interface (AF_PACKET) for a bounded time.

Usage: lab-capture.py IFACE SECONDS MAX
Prints one line per IPv4 frame that is IPIP (protocol 4) or UDP: 'frame HEX', then 'done'.
"""
import socket
import sys
import time

iface, seconds, most = sys.argv[1], float(sys.argv[2]), int(sys.argv[3])
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(0x0800))
s.bind((iface, 0))
s.settimeout(0.1)
print("ready", flush=True)
end = time.time() + seconds
seen = 0
while time.time() < end and seen < most:
    try:
        frame = s.recv(65535)
    except socket.timeout:
        continue
    if len(frame) >= 34 and frame[12:14] == b"\x08\x00" and frame[23] in (4, 17):
        print("frame " + frame.hex(), flush=True)
        seen += 1
print("done", flush=True)
