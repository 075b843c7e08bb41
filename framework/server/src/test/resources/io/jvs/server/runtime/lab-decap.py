#!/usr/bin/env python3
"""A user-space IPIP and GUE decapsulator for a lab backend, standing in for the kernel's ipip/fou.

Usage: lab-decap.py TUN-NAME GUE-PORT SECONDS

Receives IPIP packets (IPv4 protocol 4) on a raw socket -- which also keeps the kernel from answering
them with 'protocol unreachable' -- and GUE packets (variant 0, draft-ietf-intarea-gue) on a UDP socket
bound to GUE-PORT, strips the outer IPv4 header (and the GUE header: version 0, not a control message,
Hlen extension words skipped, proto 4), and writes the inner IPv4 packet to a TUN device
(IFF_TUN | IFF_NO_PI) that it creates and brings up, with rp_filter off. The kernel then receives the
inner packet on that device and delivers it to the local virtual address.

Prints 'ready' once both sockets and the device are set, then one line per packet:
'ipip OUTER-SRC INNER-DST LEN', 'gue OUTER-SRC INNER-DST LEN' or 'dropped REASON'. Ends after SECONDS
(a bound for a forgotten process) or on SIGTERM; the device goes with the process.
"""
import fcntl
import os
import select
import signal
import socket
import struct
import subprocess
import sys
import time

TUNSETIFF = 0x400454CA
IFF_TUN = 0x0001
IFF_NO_PI = 0x1000

name, gue_port, seconds = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))

tun = os.open("/dev/net/tun", os.O_RDWR)
fcntl.ioctl(tun, TUNSETIFF, struct.pack("16sH", name.encode(), IFF_TUN | IFF_NO_PI))
subprocess.run(["ip", "link", "set", name, "up"], check=True)
for conf in ("all", name):
    with open("/proc/sys/net/ipv4/conf/%s/rp_filter" % conf, "w") as f:
        f.write("0")

ipip = socket.socket(socket.AF_INET, socket.SOCK_RAW, 4)
gue = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
gue.bind(("0.0.0.0", gue_port))
print("ready", flush=True)


def address(b):
    return socket.inet_ntoa(bytes(b))


def deliver(kind, source, inner):
    if len(inner) < 20 or inner[0] >> 4 != 4:
        print("dropped %s: inner packet is not IPv4" % kind, flush=True)
        return
    os.write(tun, inner)
    print("%s %s %s %d" % (kind, source, address(inner[16:20]), len(inner)), flush=True)


def gue_payload(data):
    """The inner packet of a GUE datagram, or None (with the reason printed)."""
    if len(data) < 4:
        print("dropped gue: shorter than a GUE header", flush=True)
        return None
    version, control, hlen = data[0] >> 6, (data[0] >> 5) & 1, data[0] & 0x1F
    if version != 0 or control:
        print("dropped gue: version %d control %d" % (version, control), flush=True)
        return None
    if data[1] != 4:
        print("dropped gue: proto %d is not IPv4" % data[1], flush=True)
        return None
    return data[4 + 4 * hlen:]


end = time.time() + seconds
while time.time() < end:
    ready, _, _ = select.select([ipip, gue], [], [], 0.2)
    for s in ready:
        if s is ipip:
            packet = ipip.recv(65535)
            header = (packet[0] & 0x0F) * 4
            deliver("ipip", address(packet[12:16]), packet[header:])
        else:
            data, (source, _) = gue.recvfrom(65535)
            inner = gue_payload(data)
            if inner is not None:
                deliver("gue", source, inner)
