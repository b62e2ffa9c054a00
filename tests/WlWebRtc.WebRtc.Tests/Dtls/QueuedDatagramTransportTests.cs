using WlWebRtc.Transport.WebRtc.Dtls;

namespace WlWebRtc.WebRtc.Tests.Dtls;

public sealed class QueuedDatagramTransportTests
{
    [Fact]
    public void Receive_AfterDispose_ThrowsIOExceptionNotObjectDisposed()
    {
        var transport = new QueuedDatagramTransport(_ => { });
        transport.Enqueue([1, 2, 3]);

        transport.Dispose();

        Assert.Throws<IOException>(() => transport.Receive(new byte[16], 10));
        transport.Enqueue([4]); // dropped, no throw
        Assert.Equal(1, transport.Dropped);
    }
}
