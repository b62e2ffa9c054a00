using System.Net.Sockets;
using WlWebRtc.Wayland;

namespace WlWebRtc.Input.Tests.Wayland;

/// <summary>The reader thread against a scripted compositor on a unix socket.</summary>
public sealed class WaylandConnectionTests : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(10);
    private readonly string _directory = Directory.CreateTempSubdirectory("wlwebrtc-fakewayland-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task ReadLoop_EventHandlerThrows_ConnectionFailsWithTheReasonInsteadOfTheProcess()
    {
        var path = Path.Combine(_directory, "wayland-0");
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(path));
        listener.Listen(1);
        using var connection = WaylandConnection.Connect(path, TimeSpan.FromSeconds(1));
        using var compositor = await listener.AcceptAsync().WaitAsync(Limit);
        var id = connection.AllocateId();
        connection.On(id, (_, _) => throw new InvalidOperationException("a handler's bug"));

        // one event (opcode 0, no arguments) for that object: header = object id, then size << 16 | opcode
        var evt = new byte[8];
        BitConverter.TryWriteBytes(evt.AsSpan(0, 4), id);
        BitConverter.TryWriteBytes(evt.AsSpan(4, 4), 8u << 16);
        await compositor.SendAsync(evt);

        var error = await Assert.ThrowsAsync<WaylandProtocolException>(() => connection.Closed.WaitAsync(Limit));
        Assert.IsType<InvalidOperationException>(error.InnerException);
    }
}
