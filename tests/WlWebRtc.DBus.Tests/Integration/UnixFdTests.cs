using System.IO.Pipes;
using System.Text;
using WlWebRtc.Testing.DBus;

namespace WlWebRtc.DBus.Tests.Integration;

/// <summary>Descriptors travel through the real daemon as SCM_RIGHTS and still work on the other side.</summary>
public sealed class UnixFdTests : IDisposable
{
    private readonly DBusDaemon _daemon = DBusDaemon.Start();

    public void Dispose() => _daemon.Dispose();

    [Fact]
    public async Task CallMethodAsync_PipeWriteEndAsH_ServiceWritesThroughIt()
    {
        await using var service = await _daemon.ConnectAsync();
        await using var client = await _daemon.ConnectAsync();
        Assert.Equal(RequestNameReply.PrimaryOwner, await service.RequestNameAsync("org.wlwebrtc.FdSink"));
        using var registration = service.RegisterObject("/sink", new WritesToFd());
        using var pipe = new AnonymousPipeServerStream(PipeDirection.In);
        using var writeEnd = pipe.ClientSafePipeHandle;

        var reply = await client.CallMethodAsync("org.wlwebrtc.FdSink", "/sink", "org.wlwebrtc.FdSink", "Write", "hs", [writeEnd, "through the bus"]);
        writeEnd.Dispose();
        pipe.DisposeLocalCopyOfClientHandle();

        Assert.Equal("u", reply.Signature);
        using var reader = new StreamReader(pipe, System.Text.Encoding.UTF8);
        Assert.Equal("through the bus", await reader.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task CallMethodAsync_ServiceReturnsFd_CallerOwnsAWorkingDescriptor()
    {
        await using var service = await _daemon.ConnectAsync();
        await using var client = await _daemon.ConnectAsync();
        using var registration = service.RegisterObject("/source", new ReturnsPipe());

        var reply = await client.CallMethodAsync(service.UniqueName, "/source", "org.wlwebrtc.FdSource", "Open");

        Assert.Equal("h", reply.Signature);
        var handle = Assert.IsType<UnixFdHandle>(reply.Body[0]);
        Assert.Same(handle, Assert.Single(reply.UnixFds));
        using var stream = new FileStream(new Microsoft.Win32.SafeHandles.SafeFileHandle(handle.DetachDescriptor(), ownsHandle: true), FileAccess.Read);
        using var reader = new StreamReader(stream, System.Text.Encoding.UTF8);
        Assert.Equal("from the service", await reader.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.True(handle.IsClosed);
    }

    private sealed class WritesToFd : IDBusObject
    {
        public async ValueTask<DBusReply> HandleMethodCallAsync(DBusMessage message, CancellationToken cancellationToken)
        {
            var fd = (UnixFdHandle)message.Body[0];
            var text = System.Text.Encoding.UTF8.GetBytes((string)message.Body[1]);
            await using var stream = new FileStream(new Microsoft.Win32.SafeHandles.SafeFileHandle(fd.DetachDescriptor(), ownsHandle: true), FileAccess.Write, 1);
            await stream.WriteAsync(text, cancellationToken);
            return new DBusReply("u", [(uint)text.Length]);
        }
    }

    private sealed class ReturnsPipe : IDBusObject
    {
        public async ValueTask<DBusReply> HandleMethodCallAsync(DBusMessage message, CancellationToken cancellationToken)
        {
            var pipe = new AnonymousPipeServerStream(PipeDirection.Out);
            var readEnd = pipe.ClientSafePipeHandle;
            await pipe.WriteAsync(System.Text.Encoding.UTF8.GetBytes("from the service"), cancellationToken);
            pipe.Dispose();

            // The kernel duplicates the descriptor into the message; ours is closed once sent (by the finalizer at the latest).
            return new DBusReply("h", [readEnd]);
        }
    }
}
