using WlWebRtc.Sctp.Dcep;
using WlWebRtc.Sctp.Packets;
using WlWebRtc.Sctp.Packets.Chunks;
using WlWebRtc.Sctp.Tests.Support;

namespace WlWebRtc.Sctp.Tests.Association;

/// <summary>Hard bounds on what a peer can make the association hold: each test tries to get past one.</summary>
public sealed class ReceiveLimitsTests
{
    private const ushort ProtocolViolation = SimpleChunk.CauseProtocolViolation;

    /// <summary>The documented hard bound: the window plus one largest message.</summary>
    internal static long BufferLimit(SctpAssociationOptions options) => (long)options.ReceiveWindow + options.MaxReceiveMessageSize;

    private static void AssertAbortedAndFreed(ScriptedPeer peer)
    {
        var stats = peer.Statistics;
        Assert.Equal(SctpAssociationState.Failed, peer.Association.State);
        Assert.Equal(ProtocolViolation, peer.AbortCause());
        Assert.Equal(1, stats.ProtocolViolations);
        Assert.Equal(0, stats.ReceiveBufferedBytes);
        Assert.Equal(0, stats.ProcessingErrors);
    }

    [Fact]
    public void HandlePacket_256InterleavedNeverEndingMessages_AbortedWithBufferWithinLimit()
    {
        using var peer = new ScriptedPeer();
        peer.Connect();
        var limit = BufferLimit(peer.Association.Options);
        var sent = 0;
        for (var round = 0; round < 200 && peer.Association.State == SctpAssociationState.Established; round++)
        {
            for (ushort stream = 1; stream <= 256 && peer.Association.State == SctpAssociationState.Established; stream++)
            {
                peer.Send(peer.Data(stream, 0, beginning: round == 0, ending: false, new byte[1100]));
                sent++;
                Assert.InRange(peer.Statistics.ReceiveBufferedBytes, 0, limit);
            }
        }
        AssertAbortedAndFreed(peer);
        // The first middle fragment that lands after another stream's fragment breaks the sequence rule.
        Assert.Equal(257, sent);
        Assert.InRange(peer.Statistics.ReceiveBufferedPeakBytes, 0, limit);
    }

    [Fact]
    public void HandlePacket_NeverEndingMessageOnEachStreamInTurn_BufferStaysAtOneMessage()
    {
        // Legal-looking but endless: each stream's message is cut short by the next stream's first fragment.
        using var peer = new ScriptedPeer();
        peer.Connect();
        for (ushort stream = 1; stream <= 256; stream++)
        {
            peer.Send(peer.Data(stream, 0, beginning: true, ending: false, new byte[1100]));
            for (var i = 0; i < 10; i++)
                peer.Send(peer.Data(stream, 0, beginning: false, ending: false, new byte[1100]));
            Assert.InRange(peer.Statistics.ReceiveBufferedBytes, 1, 11 * 1100);
        }
        Assert.Equal(SctpAssociationState.Established, peer.Association.State);
        Assert.InRange(peer.Statistics.ReceiveBufferedPeakBytes, 0, 11 * 1100);
    }

    [Fact]
    public void HandlePacket_MessageCrossesMaxMessageSize_AbortedOnCrossingFragment()
    {
        using var peer = new ScriptedPeer(o => o with { MaxReceiveMessageSize = 10_000 });
        peer.Connect();
        peer.OpenChannel();
        peer.Send(peer.Data(ScriptedPeer.ChannelStream, 1, beginning: true, ending: false, new byte[1000]));
        for (var i = 0; i < 9; i++)
            peer.Send(peer.Data(ScriptedPeer.ChannelStream, 1, beginning: false, ending: false, new byte[1000]));
        Assert.Equal(SctpAssociationState.Established, peer.Association.State);
        Assert.Equal(10_000, peer.Statistics.ReceiveBufferedBytes);

        peer.Send(peer.Data(ScriptedPeer.ChannelStream, 1, beginning: false, ending: false, new byte[1]));

        AssertAbortedAndFreed(peer);
        Assert.Empty(peer.Received);
    }

    [Fact]
    public void HandlePacket_SingleChunkLargerThanMaxMessageSize_Aborted()
    {
        using var peer = new ScriptedPeer(o => o with { MaxReceiveMessageSize = 1000 });
        peer.Connect();
        peer.OpenChannel();
        peer.Send(peer.Data(ScriptedPeer.ChannelStream, 1, beginning: true, ending: true, new byte[1001]));
        AssertAbortedAndFreed(peer);
    }

    [Fact]
    public void HandlePacket_MessageOfExactlyMaxMessageSizeOutOfOrder_Delivered()
    {
        using var peer = new ScriptedPeer(o => o with { MaxReceiveMessageSize = 10_000 });
        peer.Connect();
        peer.OpenChannel();
        var payload = Enumerable.Range(0, 10_000).Select(i => (byte)(i * 7)).ToArray();
        var chunks = Enumerable.Range(0, 10).Select(i => peer.Data(ScriptedPeer.ChannelStream, 1, beginning: i == 0, ending: i == 9,
            payload[(i * 1000)..((i + 1) * 1000)])).ToList();
        // Last first, then the rest: runs grow at both ends and merge.
        foreach (var index in new[] { 9, 0, 5, 4, 1, 8, 2, 7, 3, 6 })
            peer.Send(chunks[index]);
        Assert.Equal(SctpAssociationState.Established, peer.Association.State);
        Assert.Equal(payload, Assert.Single(peer.Received));
        Assert.Equal(0, peer.Statistics.ReceiveBufferedBytes);
        Assert.Equal(0, peer.Statistics.ProtocolViolations);
    }

    [Fact]
    public void HandlePacket_TsnFarAheadOfCumulative_RefusedAndNotAcknowledged()
    {
        using var peer = new ScriptedPeer();
        peer.Connect();
        peer.OpenChannel();
        var cumulative = peer.NextTsn - 1;
        peer.NextTsn = cumulative + 100_000;
        peer.Send(peer.Data(ScriptedPeer.ChannelStream, 1, beginning: true, ending: true, [1]));
        peer.NextTsn = cumulative + 20_000; // beyond the default window counted in chunks (1 MiB / 64)
        peer.Send(peer.Data(ScriptedPeer.ChannelStream, 2, beginning: true, ending: true, [2]));
        Assert.Equal(2, peer.Statistics.DataChunksRefused);
        var sack = peer.LastSack();
        Assert.Equal(cumulative, sack.CumulativeTsnAck);
        Assert.Empty(sack.GapBlocks);

        peer.NextTsn = cumulative + 100; // within reach: held and reported
        peer.Send(peer.Data(ScriptedPeer.ChannelStream, 3, beginning: true, ending: true, [3]));
        Assert.Single(peer.LastSack().GapBlocks);
        Assert.Equal(SctpAssociationState.Established, peer.Association.State);
    }

    [Fact]
    public void HandlePacket_OutOfOrderBeyondWindow_RefusedThenAcceptedOnceDelivered()
    {
        const int window = 64 * 1024;
        using var peer = new ScriptedPeer(o => o with { ReceiveWindow = window, MaxReceiveMessageSize = 16 * 1024 });
        peer.Connect();
        peer.OpenChannel();
        var first = peer.Data(ScriptedPeer.ChannelStream, 1, beginning: true, ending: true, new byte[1000]);
        // SSN 2.. arrive before SSN 1: complete, but they wait in the ordered-delivery queue.
        var later = Enumerable.Range(2, 80).Select(ssn => peer.Data(ScriptedPeer.ChannelStream, (ushort)ssn, beginning: true, ending: true, new byte[1000])).ToList();
        foreach (var chunk in later)
            peer.Send(chunk);
        var stats = peer.Statistics;
        Assert.Equal(65 * 1000, stats.ReceiveBufferedBytes);
        Assert.Equal(15, stats.DataChunksRefused);
        Assert.Equal((uint)(window - 65 * 1000), peer.LastSack().ARwnd);
        Assert.Empty(peer.Received);

        peer.Send(first); // next in sequence: taken, and it releases the queue
        peer.FlushSack();
        Assert.Equal(66, peer.Received.Count);
        Assert.Equal(0, peer.Statistics.ReceiveBufferedBytes);
        Assert.Equal((uint)window, peer.LastSack().ARwnd);

        foreach (var chunk in later.Skip(65)) // the sender retransmits what was refused
            peer.Send(chunk);
        peer.FlushSack();
        Assert.Equal(81, peer.Received.Count);
        Assert.Equal(later[^1].Tsn, peer.LastSack().CumulativeTsnAck);
        Assert.Equal(SctpAssociationState.Established, peer.Association.State);
    }

    [Fact]
    public void HandlePacket_InSequenceMessagesIgnoringWindow_AbortedAtLimit()
    {
        // Every TSN in sequence, but SSN 1 never comes: complete messages pile up in the ordered-delivery queue.
        using var peer = new ScriptedPeer(o => o with { ReceiveWindow = 64 * 1024, MaxReceiveMessageSize = 16 * 1024 });
        peer.Connect();
        peer.OpenChannel();
        var limit = BufferLimit(peer.Association.Options);
        var sent = 0;
        for (var ssn = 2; ssn < 1000 && peer.Association.State == SctpAssociationState.Established; ssn++)
        {
            peer.Send(peer.Data(ScriptedPeer.ChannelStream, (ushort)ssn, beginning: true, ending: true, new byte[1000]));
            sent++;
            Assert.InRange(peer.Statistics.ReceiveBufferedBytes, 0, limit);
        }
        AssertAbortedAndFreed(peer);
        Assert.Equal(limit / 1000 + 1, sent);
        Assert.InRange(peer.Statistics.ReceiveBufferedPeakBytes, limit - 1000, limit);
    }

    [Fact]
    public void HandlePacket_PartialMessagesOnManyStreams_RefusedBeyondStreamCap()
    {
        using var peer = new ScriptedPeer(o => o with { MaxStreamsWithPartialMessages = 4 });
        peer.Connect();
        peer.NextTsn++; // a gap: everything after is out of order
        for (ushort stream = 1; stream <= 10; stream++)
        {
            peer.Send(peer.Data(stream, 0, beginning: true, ending: false, new byte[500]));
            peer.NextTsn++; // room for each message's next fragment, so none is cut short
        }
        var stats = peer.Statistics;
        Assert.Equal(6, stats.DataChunksRefused);
        Assert.Equal(4 * 500, stats.ReceiveBufferedBytes);
        Assert.Equal(SctpAssociationState.Established, peer.Association.State);
    }

    [Fact]
    public void HandlePacket_ManyDuplicatesAndGaps_SackListsBounded()
    {
        using var peer = new ScriptedPeer();
        peer.Connect();
        var chunk = peer.Data(1, 0, beginning: true, ending: true, [1], unordered: true);
        peer.Send(chunk);
        peer.Send(Enumerable.Repeat<IChunk>(chunk, 200).ToArray());
        var sack = peer.LastSack();
        Assert.InRange(sack.DuplicateTsns.Count, 1, 32);
        Assert.Equal(200, peer.Statistics.DuplicateTsns);

        for (var i = 0; i < 300; i++)
        {
            peer.NextTsn++; // every other TSN missing: one gap block each
            peer.Send(peer.Data(1, 0, beginning: true, ending: true, [1], unordered: true));
        }
        Assert.Equal(64, peer.LastSack().GapBlocks.Count);
        Assert.Equal(SctpAssociationState.Established, peer.Association.State);
    }

    [Fact]
    public void HandlePacket_ForwardTsnSkippingSsns_DeliversWaitingMessage()
    {
        using var peer = new ScriptedPeer();
        peer.Connect();
        peer.OpenChannel();
        var skippedTsn = peer.NextTsn++;
        peer.Send(peer.Data(ScriptedPeer.ChannelStream, 2, beginning: true, ending: true, [2]));
        var streams = Enumerable.Range(0, 200).Select(s => new SkippedStream((ushort)s, 32000)).ToList();
        streams[0] = new SkippedStream(ScriptedPeer.ChannelStream, 1);
        peer.Send(new ForwardTsnChunk(skippedTsn, streams));
        Assert.Single(peer.Received);
        Assert.Equal(0, peer.Statistics.ReceiveBufferedBytes);
        Assert.Equal(SctpAssociationState.Established, peer.Association.State);
    }

    [Fact]
    public void HandlePacket_ForwardTsnPastPartialMessage_MessageFreed()
    {
        using var peer = new ScriptedPeer();
        peer.Connect();
        peer.Send(peer.Data(1, 0, beginning: true, ending: false, new byte[700]));
        peer.Send(peer.Data(1, 0, beginning: false, ending: false, new byte[700]));
        var abandoned = peer.NextTsn;
        peer.NextTsn += 3;
        peer.Send(peer.Data(2, 0, beginning: true, ending: false, new byte[500])); // out of order, still completable
        Assert.Equal(1900, peer.Statistics.ReceiveBufferedBytes);

        peer.Send(new ForwardTsnChunk(abandoned + 1, [new SkippedStream(1, 0)]));

        Assert.Equal(500, peer.Statistics.ReceiveBufferedBytes);
        Assert.Equal(SctpAssociationState.Established, peer.Association.State);
    }

    [Fact]
    public void HandlePacket_PeerResetsStreamWithMessagesWaiting_BufferReleased()
    {
        using var peer = new ScriptedPeer();
        peer.Connect();
        peer.OpenChannel();
        var lastBeforeGap = peer.NextTsn - 1;
        peer.NextTsn++; // SSN 1 lost for good
        peer.Send(peer.Data(ScriptedPeer.ChannelStream, 2, beginning: true, ending: true, new byte[1000]));
        Assert.Equal(1000, peer.Statistics.ReceiveBufferedBytes);

        peer.Send(new ReConfigChunk([new OutgoingResetRequest(ScriptedPeer.PeerInitialTsn, 0, lastBeforeGap, [ScriptedPeer.ChannelStream])]));

        Assert.Equal(0, peer.Statistics.ReceiveBufferedBytes);
        peer.Send(peer.Data(5, 0, beginning: true, ending: true, [1], unordered: true)); // the next SACK shows the window open again
        Assert.Equal((uint)peer.Association.Options.ReceiveWindow, peer.LastSack().ARwnd);
    }

    [Fact]
    public void HandlePacket_DcepOpenWithHugeLabel_NoChannel()
    {
        using var peer = new ScriptedPeer();
        peer.Connect();
        peer.Send(peer.Data(2, 0, beginning: true, ending: true, new DcepOpen(DcepOpen.Reliable, 0, 0, new string('x', 60_000), "").Serialize(), Ppid.Dcep));
        Assert.Empty(peer.Association.DataChannels);
        Assert.Equal(1, peer.Statistics.MessagesDropped);
    }

    [Fact]
    public void Options_WindowBelowMaxMessageSize_Invalid()
    {
        var errors = new SctpAssociationOptions { ReceiveWindow = 2000, MaxReceiveMessageSize = 4000, MaxStreamsWithPartialMessages = 0 }.Validate();
        Assert.Equal(2, errors.Count);
    }
}
