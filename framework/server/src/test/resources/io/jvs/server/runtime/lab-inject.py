#!/usr/bin/env python3
"""Injects bad and hostile frames on an interface (AF_PACKET), each kind a bounded number of times.

Usage: lab-inject.py IFACE DST-MAC SRC-MAC SRC-IP VIP PORT COUNT SYNS
Sends COUNT each of: runt frames (an Ethernet header and 6 bytes of IPv4), TCP SYNs with a bad IPv4
header checksum, TCP SYNs with a bad TCP checksum, frames of an unknown EtherType (0x88b5), IPv4
first fragments (MF set) and non-first fragments to VIP:PORT; then SYNS TCP SYNs to VIP:PORT from
spoofed sources (SRC-IP's /24, hosts 20..119, random ports), at most about 20,000 a second. Prints
'sent KIND N' per kind.
"""
import random
import socket
import struct
import sys
import time

iface, dst, src, src_ip, vip, port, count, syns = sys.argv[1:9]
port, count, syns = int(port), int(count), int(syns)
dst_mac = bytes.fromhex(dst.replace(":", ""))
src_mac = bytes.fromhex(src.replace(":", ""))
rng = random.Random(7)
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
s.bind((iface, 0))


def checksum(data):
    if len(data) % 2:
        data += b"\0"
    total = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


def ipv4(source, destination, protocol, payload, flags_fragment=0, break_checksum=False):
    header = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(payload), rng.randrange(65536), flags_fragment, 64,
                         protocol, 0, socket.inet_aton(source), socket.inet_aton(destination))
    c = checksum(header)
    if break_checksum:
        c ^= 0x5A5A
    return header[:10] + struct.pack("!H", c) + header[12:] + payload


def tcp_syn(source, destination, sport, break_checksum=False):
    header = struct.pack("!HHIIBBHHH", sport, port, rng.randrange(1 << 32), 0, 5 << 4, 0x02, 64240, 0, 0)
    pseudo = socket.inet_aton(source) + socket.inet_aton(destination) + struct.pack("!BBH", 0, 6, len(header))
    c = checksum(pseudo + header)
    if break_checksum:
        c ^= 0x1234
    return header[:16] + struct.pack("!H", c) + header[18:]


def ethernet(payload, ether_type=0x0800):
    return dst_mac + src_mac + struct.pack("!H", ether_type) + payload


def send(kind, frames):
    n = 0
    for f in frames:
        s.send(f)
        n += 1
        if n % 20 == 0:
            time.sleep(0.001)
    print("sent %s %d" % (kind, n), flush=True)


send("runt", (ethernet(ipv4(src_ip, vip, 6, b"")[:6]) for _ in range(count)))
send("bad-ipv4-checksum", (ethernet(ipv4(src_ip, vip, 6, tcp_syn(src_ip, vip, 40000 + i), break_checksum=True))
                           for i in range(count)))
send("bad-tcp-checksum", (ethernet(ipv4(src_ip, vip, 6, tcp_syn(src_ip, vip, 41000 + i, break_checksum=True)))
                          for i in range(count)))
send("unknown-ethertype", (ethernet(b"\0" * 46, 0x88B5) for _ in range(count)))
send("first-fragment", (ethernet(ipv4(src_ip, vip, 6, tcp_syn(src_ip, vip, 42000 + i) + b"\0" * 4,
                                     flags_fragment=0x2000)) for i in range(count)))
send("later-fragment", (ethernet(ipv4(src_ip, vip, 6, b"\0" * 16, flags_fragment=0x0100)) for _ in range(count)))
net = src_ip.rsplit(".", 1)[0]


def flood():
    for i in range(syns):
        source = "%s.%d" % (net, 20 + rng.randrange(100))
        yield ethernet(ipv4(source, vip, 6, tcp_syn(source, vip, 1024 + rng.randrange(64000))))


send("syn", flood())
