using WlWebRtc.Sctp.Packets;
using WlWebRtc.Sctp.Packets.Chunks;
using WlWebRtc.Sctp.Tests.Support;

namespace WlWebRtc.Sctp.Tests.Association;

/// <summary>Measures the managed heap, so it runs alone: other tests allocating in parallel would blur the numbers.</summary>
[CollectionDefinition(nameof(ReceiveMemoryTests), DisableParallelization = true)]
public sealed class ReceiveMemoryTestsDefinition;

[Collection(nameof(ReceiveMemoryTests))]
public sealed class ReceiveMemoryTests
{
    private const int MessageSize = 1000;
    private const int Messages = 24_000;

    public static TheoryData<string> Endings => ["local abort", "peer abort", "dispose", "protocol violation", "shutdown by peer"];

    [Theory]
    [MemberData(nameof(Endings))]
    public void Close_WithBufferedData_EverythingFreed(string ending)
    {
        using var peer = new ScriptedPeer(o => o with { ReceiveWindow = 32 * 1024 * 1024 });
        peer.Connect();
        peer.OpenChannel();
        var baseline = GC.GetTotalMemory(forceFullCollection: true);

        // SSN 1 never arrives: 24 MB of complete messages wait in the ordered-delivery queue, and one partial message.
        peer.NextTsn++;
        for (var i = 0; i < Messages; i += 10)
        {
            peer.Send(Enumerable.Range(0, 10).Select(k => (IChunk)peer.Data(ScriptedPeer.ChannelStream, (ushort)(2 + i + k), beginning: true, ending: true, new byte[MessageSize])).ToArray());
        }
        peer.Send(peer.Data(3, 0, beginning: true, ending: false, new byte[MessageSize]));
        Assert.Equal((long)(Messages + 1) * MessageSize, peer.Statistics.ReceiveBufferedBytes);
        var holding = GC.GetTotalMemory(forceFullCollection: true);
        Assert.True(holding - baseline > 20_000_000, $"holding {holding - baseline} bytes");

        switch (ending)
        {
            case "local abort":
                peer.Association.Abort("test");
                break;
            case "peer abort":
                peer.Send(SimpleChunk.Abort("bye"));
                break;
            case "dispose":
                peer.Association.Dispose();
                break;
            case "protocol violation":
                for (var i = 0; i < 5; i++) // 5 x 60,000 bytes: past the 256 KiB max-message-size
                    peer.Send(peer.Data(4, 0, beginning: i == 0, ending: false, new byte[60_000]));
                break;
            default:
                peer.Send(new ShutdownChunk(peer.LastTsnSent()));
                break;
        }
        if (ending == "shutdown by peer")
        {
            // SHUTDOWN says everything up to its TSN arrived; what waits for SSN 1 can never be delivered.
            Assert.Equal(SctpAssociationState.ShuttingDown, peer.Association.State);
            peer.Send(SimpleChunk.Empty(ChunkType.ShutdownComplete));
        }
        Assert.True(peer.Association.State is SctpAssociationState.Closed or SctpAssociationState.Failed, $"state {peer.Association.State}");
        Assert.Equal(0, peer.Statistics.ReceiveBufferedBytes);
        var after = GC.GetTotalMemory(forceFullCollection: true);
        Assert.True(after - baseline < 4_000_000, $"still {after - baseline} bytes above the baseline");
        GC.KeepAlive(peer);
    }
}
