"""A WHEP client on aiortc (Debian python3-aiortc): POSTs an offer, plays the answer, decodes frames and prints
one JSON line with the frame size, the number of decoded frames and the four quadrant colours of the test pattern.

usage: whep_aiortc.py WHEP_URL TOKEN [FRAMES]
"""
import asyncio
import json
import sys
import urllib.request

import aioice.ice
from aiortc import RTCPeerConnection, RTCSessionDescription

# aioice leaves loopback out of host candidates; the server here listens on loopback.
_host_addresses = aioice.ice.get_host_addresses


def _with_loopback(use_ipv4, use_ipv6):
    addresses = _host_addresses(use_ipv4, use_ipv6)
    if use_ipv4 and "127.0.0.1" not in addresses:
        addresses.append("127.0.0.1")
    return addresses


aioice.ice.get_host_addresses = _with_loopback


def post(url, token, sdp):
    request = urllib.request.Request(url, data=sdp.encode(), method="POST",
                                     headers={"Content-Type": "application/sdp", "Authorization": "Bearer " + token})
    with urllib.request.urlopen(request, timeout=20) as response:
        return response.status, response.headers.get("Location"), response.read().decode()


def delete(url, token):
    request = urllib.request.Request(url, method="DELETE", headers={"Authorization": "Bearer " + token})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status


async def main(url, token, frames):
    pc = RTCPeerConnection()
    pc.addTransceiver("video", direction="recvonly")
    track_ready = asyncio.get_running_loop().create_future()
    pc.on("track", lambda track: track_ready.done() or track_ready.set_result(track))
    await pc.setLocalDescription(await pc.createOffer())
    status, location, answer = await asyncio.get_running_loop().run_in_executor(None, post, url, token, pc.localDescription.sdp)
    await pc.setRemoteDescription(RTCSessionDescription(sdp=answer, type="answer"))
    track = await asyncio.wait_for(track_ready, 10)
    decoded, last = 0, None
    while decoded < frames:
        last = await asyncio.wait_for(track.recv(), 10)
        decoded += 1
    image = last.to_ndarray(format="rgb24")
    h, w = image.shape[0], image.shape[1]
    quadrants = [image[h // 4, w // 4].tolist(), image[h // 4, 3 * w // 4].tolist(),
                 image[3 * h // 4, w // 4].tolist(), image[3 * h // 4, 3 * w // 4].tolist()]
    resource = urllib.parse.urljoin(url, location)
    deleted = await asyncio.get_running_loop().run_in_executor(None, delete, resource, token)
    await pc.close()
    print(json.dumps({"status": status, "location": location, "width": w, "height": h, "frames": decoded,
                      "colours": quadrants, "deleted": deleted}))


if __name__ == "__main__":
    asyncio.run(asyncio.wait_for(main(sys.argv[1], sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 30), 60))
