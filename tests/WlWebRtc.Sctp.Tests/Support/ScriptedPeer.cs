using System.Buffers.Binary;
using WlWebRtc.Sctp.Dcep;
using WlWebRtc.Sctp.Packets;
using WlWebRtc.Sctp.Packets.Chunks;
using WlWebRtc.Testing;

namespace WlWebRtc.Sctp.Tests.Support;

/// <summary>A hand-driven peer of one association under test: does the handshake, then sends exactly the chunks a
/// test crafts (whatever the protocol says). Keeps every packet the association sends, and the messages it delivers.</summary>
internal sealed class ScriptedPeer : IDisposable
{
    public const uint PeerTag = 0x1234_5678;
    public const uint PeerInitialTsn = 0xFFFF_FF00; // wraps soon: TSN arithmetic gets exercised
    public const ushort ChannelStream = 0;

    private readonly List<byte[]> _sent = [];

    public ScriptedPeer(Func<SctpAssociationOptions, SctpAssociationOptions>? configure = null)
    {
        var options = (configure ?? (o => o))(new SctpAssociationOptions());
        Association = new SctpAssociation(options, p =>
        {
            lock (_sent)
                _sent.Add(p.ToArray());
        }, Time);
        Association.DataChannelOpened += channel => channel.MessageReceived += (_, data, _) =>
        {
            lock (_sent)
                Received.Add(data.ToArray());
        };
    }

    public ManualTimeProvider Time { get; } = new();
    public SctpAssociation Association { get; }
    public List<byte[]> Received { get; } = [];

    /// <summary>The verification tag the association expects on our packets.</summary>
    public uint AssociationTag { get; private set; }

    /// <summary>The TSN the next <see cref="Data"/> gets.</summary>
    public uint NextTsn { get; set; } = PeerInitialTsn;

    public SctpStatistics Statistics => Association.GetStatistics();

    /// <summary>INIT, COOKIE-ECHO: the association is established.</summary>
    public void Connect()
    {
        SendWithTag(0, new InitChunk
        {
            InitiateTag = PeerTag,
            ARwnd = 1 << 20,
            OutboundStreams = 1024,
            InboundStreams = 1024,
            InitialTsn = PeerInitialTsn,
            ForwardTsnSupported = true,
            SupportedExtensions = [(byte)ChunkType.ReConfig, (byte)ChunkType.ForwardTsn],
        });
        var initAck = InitChunk.Parse(isAck: true, SentChunks(ChunkType.InitAck).Single().Value)!;
        AssociationTag = initAck.InitiateTag;
        Send(new SimpleChunk(ChunkType.CookieEcho, 0, initAck.StateCookie.ToArray()));
        Assert.Equal(SctpAssociationState.Established, Association.State);
    }

    /// <summary>Opens a reliable ordered channel on <see cref="ChannelStream"/> with DCEP (SSN 0 of that stream).</summary>
    public void OpenChannel()
    {
        Send(Data(ChannelStream, 0, beginning: true, ending: true, new DcepOpen(DcepOpen.Reliable, 0, 0, "c", "").Serialize(), Ppid.Dcep));
        Assert.Single(Association.DataChannels);
    }

    /// <summary>A DATA chunk with the next TSN.</summary>
    public DataChunk Data(ushort stream, ushort ssn, bool beginning, bool ending, byte[] payload, uint ppid = Ppid.Binary, bool unordered = false) =>
        new(NextTsn++, stream, ssn, ppid, unordered, beginning, ending, payload);

    public void Send(params IChunk[] chunks) => SendWithTag(AssociationTag, chunks);

    private void SendWithTag(uint tag, params IChunk[] chunks)
    {
        var length = SctpPacket.HeaderSize + chunks.Sum(c => SctpPacket.Padded(c.Length));
        var packet = new byte[length];
        SctpPacket.WriteHeader(packet, 5000, 5000, tag);
        var at = SctpPacket.HeaderSize;
        foreach (var chunk in chunks)
        {
            chunk.WriteTo(packet.AsSpan(at));
            at += SctpPacket.Padded(chunk.Length);
        }
        SctpPacket.WriteChecksum(packet);
        Association.HandlePacket(packet);
    }

    /// <summary>Every chunk of <paramref name="type"/> the association sent, oldest first.</summary>
    public List<(byte Flags, byte[] Value)> SentChunks(ChunkType type)
    {
        var found = new List<(byte, byte[])>();
        lock (_sent)
        {
            foreach (var packet in _sent)
            {
                var reader = new ChunkReader(packet.AsSpan(SctpPacket.HeaderSize));
                while (reader.MoveNext())
                {
                    if (reader.Current.Type == (byte)type)
                        found.Add((reader.Current.Flags, reader.Current.Value.ToArray()));
                }
            }
        }
        return found;
    }

    /// <summary>The TSN of the last DATA chunk the association sent.</summary>
    public uint LastTsnSent() => BinaryPrimitives.ReadUInt32BigEndian(SentChunks(ChunkType.Data).Last().Value);

    /// <summary>Lets the delayed-SACK timer fire.</summary>
    public void FlushSack() => Time.Advance(TimeSpan.FromSeconds(1));

    public SackChunk LastSack() => SackChunk.Parse(SentChunks(ChunkType.Sack).Last().Value)!;

    /// <summary>The cause code of the ABORT the association sent, if it sent one.</summary>
    public ushort? AbortCause() =>
        SentChunks(ChunkType.Abort) is [var (_, value), ..] && value.Length >= 4 ? BinaryPrimitives.ReadUInt16BigEndian(value) : null;

    public void Dispose() => Association.Dispose();
}
