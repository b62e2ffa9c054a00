using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace WlWebRtc.Unix.Tests;

public sealed class UnixStreamSocketTests
{
    [Fact]
    public void SendAll_WithMemoryFile_ReceiverReadsItsContents()
    {
        using var pair = new SocketPair();
        var (sender, receiver) = (pair.First, pair.Second);
        using var file = MemoryFile.CreateSealed("test-blob", "keymap text"u8);

        sender.SendAll("hello"u8, [file]);
        var fds = new List<UnixFd>();
        var buffer = new byte[16];
        var count = receiver.Receive(buffer, fds);

        Assert.Equal("hello", Encoding.ASCII.GetString(buffer, 0, count));
        using var received = Assert.Single(fds);
        Assert.NotEqual(file.DangerousGetHandle(), received.DangerousGetHandle()); // a new descriptor for the same file
        Assert.Equal("keymap text", ReadAll(received, 11));
    }

    [Fact]
    public void Receive_SeveralDescriptorsInOneMessage_AllArriveInOrder()
    {
        using var pair = new SocketPair();
        var (sender, receiver) = (pair.First, pair.Second);
        var files = Enumerable.Range(0, 5).Select(i => MemoryFile.CreateSealed($"f{i}", Encoding.ASCII.GetBytes($"file {i}"))).ToArray();

        sender.SendAll("x"u8, files);
        var fds = new List<UnixFd>();
        Assert.Equal(1, receiver.Receive(new byte[4], fds));

        Assert.Equal(["file 0", "file 1", "file 2", "file 3", "file 4"], fds.Select(fd => ReadAll(fd, 6)));
        foreach (var fd in fds.Concat(files))
        {
            fd.Dispose();
        }
    }

    [Fact]
    public void Receive_DescriptorsWithoutSink_AreClosedAndDataStillArrives()
    {
        using var pair = new SocketPair();
        var (sender, receiver) = (pair.First, pair.Second);
        using var file = MemoryFile.CreateSealed("dropped", "x"u8);

        sender.SendAll("data"u8, [file]);
        var buffer = new byte[8];

        Assert.Equal(4, receiver.Receive(buffer, fds: null));
        Assert.Equal("data", Encoding.ASCII.GetString(buffer, 0, 4));
    }

    [Fact]
    public void Receive_PeerShutDown_ReturnsZero()
    {
        using var pair = new SocketPair();
        var (sender, receiver) = (pair.First, pair.Second);

        sender.Dispose();

        Assert.Equal(0, receiver.Receive(new byte[8], null));
    }

    [Fact]
    public void Receive_NothingSentWithinTimeout_ThrowsTimeout()
    {
        using var pair = new SocketPair();
        var (sender, receiver) = (pair.First, pair.Second);
        receiver.SetTimeouts(TimeSpan.FromMilliseconds(50), TimeSpan.Zero);

        var exception = Assert.Throws<UnixException>(() => receiver.Receive(new byte[8], null));

        Assert.True(exception.IsTimeout);
        Assert.Equal("recvmsg", exception.Call);
    }

    [Fact]
    public void Send_EmptyData_Throws()
    {
        using var pair = new SocketPair();
        var (sender, receiver) = (pair.First, pair.Second);

        Assert.Throws<ArgumentException>(() => sender.Send([]));
    }

    [Fact]
    public void Connect_NoSuchPath_ThrowsWithErrno()
    {
        var path = Path.Combine(Path.GetTempPath(), $"wlwebrtc-missing-{Guid.NewGuid():N}.sock");

        var exception = Assert.Throws<UnixException>(() => UnixStreamSocket.Connect(path));

        Assert.Equal(2, exception.Errno); // ENOENT
        Assert.Contains(path, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Connect_PathLongerThanSocketAddress_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentException>(() => UnixStreamSocket.Connect("/tmp/" + new string('x', 120)));
    }

    [Fact]
    public void Connect_ListeningDotNetSocket_BytesFlowBothWays()
    {
        var path = Path.Combine(Path.GetTempPath(), $"wlwebrtc-unix-{Guid.NewGuid():N}.sock");
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(path));
        listener.Listen(1);
        try
        {
            using var client = UnixStreamSocket.Connect(path);
            using var server = listener.Accept();

            client.SendAll("ping"u8);
            var buffer = new byte[4];
            Assert.Equal(4, server.Receive(buffer));
            server.Send("pong"u8);
            Assert.Equal(4, client.Receive(buffer, null));
            Assert.Equal("pong", Encoding.ASCII.GetString(buffer));
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>Two connected sockets (socketpair), both disposed with the pair.</summary>
    private sealed class SocketPair : IDisposable
    {
        public SocketPair() => (First, Second) = UnixStreamSocket.CreatePair();

        public UnixStreamSocket First { get; }

        public UnixStreamSocket Second { get; }

        public void Dispose()
        {
            First.Dispose();
            Second.Dispose();
        }
    }

    private static string ReadAll(SafeHandle fd, int length)
    {
        using var file = new SafeFileHandle(fd.DangerousGetHandle(), ownsHandle: false);
        var buffer = new byte[length + 8];
        var count = RandomAccess.Read(file, buffer, 0);
        return Encoding.ASCII.GetString(buffer, 0, count);
    }
}
