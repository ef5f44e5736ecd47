#!/usr/bin/python3
"""Prints N loopback TCP ports that are free now, one line, for test scripts. A port derived from
the pid can fall in the ephemeral range and be taken by any outgoing connection.

    read -r http_port grpc_port < <(/usr/bin/python3 tests/support/free_ports.py 2)
"""
import socket
import sys

sockets = [socket.socket() for _ in range(int(sys.argv[1]) if len(sys.argv) > 1 else 1)]
for s in sockets:
    s.bind(("127.0.0.1", 0))
print(*[s.getsockname()[1] for s in sockets])
