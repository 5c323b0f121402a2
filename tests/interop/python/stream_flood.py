#!/usr/bin/python3
"""A hostile HTTP/2 client in raw frames (no library): one connection that opens N gRPC streams at once, ignoring the
server's SETTINGS_MAX_CONCURRENT_STREAMS and reading nothing until it has sent them all.

Usage: stream_flood.py PORT N PATH BODY_HEX
Prints one JSON object: {"sent": N, "received_bytes": ..., "closed_by_server": bool}.
"""
import json
import socket
import struct
import sys


def literal(name, value):
    # HPACK literal header field without indexing, new name, no Huffman coding.
    n, v = name.encode(), value.encode()
    return b"\x00" + bytes([len(n)]) + n + bytes([len(v)]) + v


def frame(kind, flags, stream, payload):
    return struct.pack(">I", len(payload))[1:] + bytes([kind, flags]) + struct.pack(">I", stream) + payload


def main():
    port, count, path, body = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], bytes.fromhex(sys.argv[4])
    headers = (literal(":method", "POST") + literal(":scheme", "http") + literal(":path", path)
               + literal(":authority", "127.0.0.1") + literal("content-type", "application/grpc") + literal("te", "trailers"))
    data = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n" + frame(4, 0, 0, b"")
    for i in range(count):
        stream = 1 + 2 * i
        data += frame(1, 0x4, stream, headers) + frame(0, 0x1, stream, body)
    received, closed = 0, False
    with socket.create_connection(("127.0.0.1", port)) as s:
        try:
            s.sendall(data)
        except OSError:
            closed = True
        s.settimeout(10)
        try:
            while True:
                chunk = s.recv(65536)
                if not chunk:
                    closed = True
                    break
                received += len(chunk)
        except socket.timeout:
            pass
        except OSError:
            closed = True
    print(json.dumps({"sent": count, "received_bytes": received, "closed_by_server": closed}), flush=True)


if __name__ == "__main__":
    main()
