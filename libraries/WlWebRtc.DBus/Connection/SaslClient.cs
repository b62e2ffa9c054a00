using System.Globalization;
using System.Text;

namespace WlWebRtc.DBus.Connection;

/// <summary>The client side of the D-Bus SASL handshake: EXTERNAL with the uid, then optional NEGOTIATE_UNIX_FD.</summary>
internal static class SaslClient
{
    private const int MaxLineLength = 16 * 1024;

    /// <returns>The server GUID and whether the server agreed to pass unix fds.</returns>
    public static (string Guid, bool UnixFds) Authenticate(UnixSocketTransport transport, uint uid, bool negotiateUnixFd)
    {
        // The leading NUL byte is where credentials would travel on BSDs; Linux uses SO_PEERCRED.
        var uidHex = Convert.ToHexStringLower(Encoding.ASCII.GetBytes(uid.ToString(CultureInfo.InvariantCulture)));
        Send(transport, "\0AUTH EXTERNAL " + uidHex + "\r\n");
        var reply = ReadLine(transport);
        if (!reply.StartsWith("OK ", StringComparison.Ordinal))
        {
            throw new DBusConnectionException(reply.StartsWith("REJECTED", StringComparison.Ordinal)
                ? $"The D-Bus daemon rejected EXTERNAL authentication as uid {uid} (it offers: {reply[8..].Trim()})."
                : $"Unexpected answer to AUTH EXTERNAL: '{reply}'.");
        }

        var guid = reply[3..].Trim();
        var unixFds = false;
        if (negotiateUnixFd)
        {
            Send(transport, "NEGOTIATE_UNIX_FD\r\n");
            var answer = ReadLine(transport);
            unixFds = answer == "AGREE_UNIX_FD";
            if (!unixFds && !answer.StartsWith("ERROR", StringComparison.Ordinal))
            {
                throw new DBusConnectionException($"Unexpected answer to NEGOTIATE_UNIX_FD: '{answer}'.");
            }
        }

        Send(transport, "BEGIN\r\n");
        return (guid, unixFds);
    }

    private static void Send(UnixSocketTransport transport, string line) => transport.Send(Encoding.ASCII.GetBytes(line), []);

    private static string ReadLine(UnixSocketTransport transport)
    {
        var bytes = new List<byte>();
        Span<byte> one = stackalloc byte[1];
        while (true)
        {
            if (!transport.ReceiveExactly(one))
            {
                throw new DBusConnectionException("The D-Bus daemon closed the connection during authentication.");
            }

            if (one[0] == (byte)'\n' && bytes.Count > 0 && bytes[^1] == (byte)'\r')
            {
                bytes.RemoveAt(bytes.Count - 1);
                return Encoding.ASCII.GetString(bytes.ToArray());
            }

            if (bytes.Count >= MaxLineLength)
            {
                throw new DBusConnectionException("The D-Bus daemon sent an overlong authentication line.");
            }

            bytes.Add(one[0]);
        }
    }
}
