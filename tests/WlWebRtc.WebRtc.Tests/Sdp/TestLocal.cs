using WlWebRtc.Transport.WebRtc.Sdp;

namespace WlWebRtc.WebRtc.Tests.Sdp;

internal static class TestLocal
{
    public static LocalDescription Create(bool dataChannel = true) =>
        new("abcd1234", "0123456789abcdefghijklmn", new SdpFingerprint("sha-256", Enumerable.Range(0, 32).Select(i => (byte)i).ToArray()),
            [new SdpCandidate("1", 1, "udp", 2130706431, "127.0.0.1", 50000, "host", null, null, null)], 1111, 2222, "cname1", "stream", "track", dataChannel);
}
