using System.Net.Sockets;
using System.Text;

namespace WlWebRtc.DBus.Tests.Connection;

/// <summary>
/// A scripted server on a unix socket plays a broken or unusual daemon: the client must fail with a clear
/// exception (never hang or crash) or adapt.
/// </summary>
public sealed class ScriptedServerTests : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(10);
    private readonly string _directory = Directory.CreateTempSubdirectory("wlwebrtc-fakebus-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task ConnectAsync_ServerRejectsExternal_ThrowsNamingTheRejection()
    {
        using var server = Listen(out var address);
        var script = ServeAsync(server, async socket =>
        {
            await ReadLineAsync(socket);
            await WriteAsync(socket, "REJECTED DBUS_COOKIE_SHA1\r\n");
        });

        var error = await Assert.ThrowsAsync<DBusConnectionException>(() => DBusConnection.ConnectAsync(address)).WaitAsync(Limit);

        Assert.Contains("rejected EXTERNAL", error.Message, StringComparison.Ordinal);
        Assert.Contains("DBUS_COOKIE_SHA1", error.Message, StringComparison.Ordinal);
        await script.WaitAsync(Limit);
    }

    [Fact]
    public async Task ConnectAsync_AuthLineSentAsHexUid_MatchesSpec()
    {
        using var server = Listen(out var address);
        string? authLine = null;
        var script = ServeAsync(server, async socket =>
        {
            authLine = await ReadLineAsync(socket);
            await WriteAsync(socket, "REJECTED EXTERNAL\r\n");
        });

        await Assert.ThrowsAsync<DBusConnectionException>(() => DBusConnection.ConnectAsync(address)).WaitAsync(Limit);
        await script.WaitAsync(Limit);

        var uid = File.ReadAllLines("/proc/self/status").Single(l => l.StartsWith("Uid:", StringComparison.Ordinal)).Split('\t', StringSplitOptions.RemoveEmptyEntries)[1];
        Assert.Equal("\0AUTH EXTERNAL " + Convert.ToHexStringLower(System.Text.Encoding.ASCII.GetBytes(uid)), authLine);
    }

    [Fact]
    public async Task ConnectAsync_HelloAnsweredWithHugeLength_FailsWithSizeError()
    {
        using var server = Listen(out var address);
        var script = ServeAsync(server, async socket =>
        {
            await HandshakeAsync(socket, agreeUnixFd: true);
            await socket.ReceiveAsync(new byte[4096]);
            await socket.SendAsync(Convert.FromHexString("6c02000100000070" + "01000000" + "00000000"));
            await Task.Delay(Limit);
        });

        var error = await Assert.ThrowsAsync<DBusConnectionException>(() => DBusConnection.ConnectAsync(address)).WaitAsync(Limit);

        Assert.Contains("exceeds", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConnectAsync_HelloAnsweredWithGarbage_FailsWithProtocolError()
    {
        using var server = Listen(out var address);
        var script = ServeAsync(server, async socket =>
        {
            await HandshakeAsync(socket, agreeUnixFd: true);
            await socket.ReceiveAsync(new byte[4096]);
            await socket.SendAsync(System.Text.Encoding.ASCII.GetBytes("HTTP/1.1 400 Bad Request\r\n\r\n"));
            await Task.Delay(Limit);
        });

        var error = await Assert.ThrowsAsync<DBusConnectionException>(() => DBusConnection.ConnectAsync(address)).WaitAsync(Limit);

        Assert.Contains("endianness", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConnectAsync_ServerClosesMidMessage_FailsInsteadOfHanging()
    {
        using var server = Listen(out var address);
        var script = ServeAsync(server, async socket =>
        {
            await HandshakeAsync(socket, agreeUnixFd: true);
            await socket.ReceiveAsync(new byte[4096]);
            await socket.SendAsync(Convert.FromHexString("6c0200010800000001000000100000000501"));
            socket.Shutdown(SocketShutdown.Both);
        });

        var error = await Assert.ThrowsAsync<DBusConnectionException>(() => DBusConnection.ConnectAsync(address)).WaitAsync(Limit);

        Assert.Contains("middle of a message", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConnectAsync_ServerRefusesUnixFds_ConnectsWithoutAndRefusesToSendFds()
    {
        using var server = Listen(out var address);
        var script = ServeAsync(server, async socket =>
        {
            await HandshakeAsync(socket, agreeUnixFd: false);
            await socket.ReceiveAsync(new byte[4096]);
            await socket.SendAsync(HelloReply());
            await Task.Delay(Limit);
        });

        await using var connection = await DBusConnection.ConnectAsync(address).WaitAsync(Limit);

        Assert.Equal(":1.99", connection.UniqueName);
        Assert.False(connection.UnixFdPassingEnabled);
        using var pipe = new System.IO.Pipes.AnonymousPipeServerStream();
        Assert.Throws<InvalidOperationException>(() => connection.Send(DBusMessage.CreateSignal("/", "a.b", "C", "h", [pipe.ClientSafePipeHandle])));
    }

    private static byte[] HelloReply()
    {
        var message = new DBusMessage { Type = DBusMessageType.MethodReturn, ReplySerial = 1, Sender = "org.freedesktop.DBus", Signature = "s", Body = [":1.99"] };
        return WlWebRtc.DBus.Protocol.MessageCodec.Encode(message, 1, []);
    }

    private Socket Listen(out string address)
    {
        var path = Path.Combine(_directory, "bus");
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(path));
        socket.Listen(1);
        address = "unix:path=" + path;
        return socket;
    }

    private static async Task ServeAsync(Socket server, Func<Socket, Task> script)
    {
        using var socket = await server.AcceptAsync();
        await script(socket);
    }

    private static async Task HandshakeAsync(Socket socket, bool agreeUnixFd)
    {
        await ReadLineAsync(socket);
        await WriteAsync(socket, "OK 0123456789abcdef0123456789abcdef\r\n");
        var line = await ReadLineAsync(socket);
        if (line == "NEGOTIATE_UNIX_FD")
        {
            await WriteAsync(socket, agreeUnixFd ? "AGREE_UNIX_FD\r\n" : "ERROR not here\r\n");
            line = await ReadLineAsync(socket);
        }

        Assert.Equal("BEGIN", line);
    }

    private static async Task<string> ReadLineAsync(Socket socket)
    {
        var bytes = new List<byte>();
        var one = new byte[1];
        while (await socket.ReceiveAsync(one) == 1)
        {
            if (one[0] == '\n' && bytes.Count > 0 && bytes[^1] == '\r')
            {
                return System.Text.Encoding.ASCII.GetString(bytes.ToArray(), 0, bytes.Count - 1);
            }

            bytes.Add(one[0]);
        }

        return System.Text.Encoding.ASCII.GetString(bytes.ToArray());
    }

    private static Task WriteAsync(Socket socket, string text) => socket.SendAsync(System.Text.Encoding.ASCII.GetBytes(text));
}
