using System.Buffers;
using System.Text.Json;
using WlWebRtc.Transport;

namespace WlWebRtc.Signaling.WebSocket.Protocol;

/// <summary>The server's messages to a viewer, as UTF-8 JSON (see PROTOCOL.md).</summary>
internal static class ServerMessages
{
    public const int Version = 1;

    /// <summary><c>{"type":"hello","version":1,"authenticated":…}</c>: sent once the socket is open.</summary>
    public static byte[] Hello(bool authenticated) => Write(w =>
    {
        w.WriteString("type", "hello");
        w.WriteNumber("version", Version);
        w.WriteBoolean("authenticated", authenticated);
    });

    /// <summary><c>{"type":"ready"}</c>: the token was accepted; the viewer may send an offer.</summary>
    /// <summary>The token was accepted; <paramref name="iceServers"/> go into the viewer's RTCPeerConnection (TURN credentials minted for it).</summary>
    public static byte[] Ready(IReadOnlyList<IceServer> iceServers) => Write(w =>
    {
        w.WriteString("type", "ready");
        w.WriteStartArray("iceServers");
        foreach (var server in iceServers)
        {
            w.WriteStartObject();
            w.WriteStartArray("urls");
            foreach (var url in server.Urls)
            {
                w.WriteStringValue(url);
            }

            w.WriteEndArray();
            if (server.Username is not null && server.Credential is not null)
            {
                w.WriteString("username", server.Username);
                w.WriteString("credential", server.Credential);
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
    });

    public static byte[] Answer(string viewerId, string sdp) => Write(w =>
    {
        w.WriteString("type", "answer");
        w.WriteString("id", viewerId);
        w.WriteString("sdp", sdp);
    });

    /// <summary>
    /// <c>{"type":"candidate","candidate":"candidate:…","sdpMid":…,"sdpMLineIndex":…}</c>: one of the server's trickled
    /// candidates; null is <c>{"type":"end-of-candidates"}</c>.
    /// </summary>
    public static byte[] Candidate(IceCandidate? candidate) => Write(w =>
    {
        if (candidate is null)
        {
            w.WriteString("type", "end-of-candidates");
            return;
        }

        w.WriteString("type", "candidate");
        w.WriteString("candidate", candidate.Candidate);
        if (candidate.SdpMid is not null)
        {
            w.WriteString("sdpMid", candidate.SdpMid);
        }

        if (candidate.SdpMLineIndex is { } index)
        {
            w.WriteNumber("sdpMLineIndex", index);
        }
    });

    /// <summary>
    /// <c>{"type":"ice-restart-needed"}</c>: the server's addresses changed; the viewer restarts ICE on the same session
    /// (<c>pc.restartIce()</c>, then <c>restart-ice</c>), and the answer carries the new addresses.
    /// </summary>
    public static byte[] IceRestartNeeded() => Write(w => w.WriteString("type", "ice-restart-needed"));

    public static byte[] Role(ViewerRole role) => Write(w =>
    {
        w.WriteString("type", "role");
        w.WriteString("role", RoleName(role));
    });

    public static byte[] Viewers(int count) => Write(w =>
    {
        w.WriteString("type", "viewers");
        w.WriteNumber("count", count);
    });

    public static byte[] Closed(string reason) => Write(w =>
    {
        w.WriteString("type", "closed");
        w.WriteString("reason", reason);
    });

    public static byte[] Pong(long id, long serverTimeMilliseconds) => Write(w =>
    {
        w.WriteString("type", "pong");
        w.WriteNumber("id", id);
        w.WriteNumber("ts", serverTimeMilliseconds);
    });

    public static byte[] Error(string code, string message) => Write(w =>
    {
        w.WriteString("type", "error");
        w.WriteString("code", code);
        w.WriteString("message", message);
    });

    public static string RoleName(ViewerRole role) => role == ViewerRole.Control ? "control" : "view";

    private static byte[] Write(Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
