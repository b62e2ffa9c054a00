"""An independent full ICE agent (aioice, from Debian's python3-aioice via python3-aiortc) as the peer of IceAgent.

Usage: aioice_peer.py controlling|controlled
Prints {"ufrag", "pwd", "candidates"} as one JSON line, reads the same from stdin, connects, prints
{"connected": true}, then echoes the first datagram back prefixed with "echo:".
"""
import asyncio
import json
import sys

import aioice
from aioice import ice

# aioice leaves out 127.0.0.1; the test runs on loopback only.
ice.get_host_addresses = lambda use_ipv4, use_ipv6: ["127.0.0.1"]


async def main() -> None:
    conn = aioice.Connection(ice_controlling=sys.argv[1] == "controlling", use_ipv6=False)
    await conn.gather_candidates()
    print(json.dumps({
        "ufrag": conn.local_username,
        "pwd": conn.local_password,
        "candidates": [c.to_sdp() for c in conn.local_candidates],
    }), flush=True)
    line = await asyncio.get_running_loop().run_in_executor(None, sys.stdin.readline)
    remote = json.loads(line)
    conn.remote_username = remote["ufrag"]
    conn.remote_password = remote["pwd"]
    for sdp in remote["candidates"]:
        await conn.add_remote_candidate(aioice.Candidate.from_sdp(sdp))
    await conn.add_remote_candidate(None)
    await asyncio.wait_for(conn.connect(), 20)
    print(json.dumps({"connected": True}), flush=True)
    data = await asyncio.wait_for(conn.recv(), 20)
    await conn.send(b"echo:" + data)
    await asyncio.sleep(1)
    await conn.close()


asyncio.run(main())
