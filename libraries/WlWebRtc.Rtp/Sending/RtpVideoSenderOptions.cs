namespace WlWebRtc.Rtp.Sending;

/// <summary>What was negotiated for one viewer's video stream, and the sender's limits.</summary>
public sealed record RtpVideoSenderOptions
{
    /// <summary>The media SSRC (a=ssrc).</summary>
    public required uint Ssrc { get; init; }

    /// <summary>The H.264 payload type taken from the offer.</summary>
    public required byte PayloadType { get; init; }

    /// <summary>The RTX SSRC (a=ssrc-group:FID), or null to retransmit on the media SSRC.</summary>
    public uint? RtxSsrc { get; init; }

    /// <summary>The RTX payload type whose apt is <see cref="PayloadType"/>, or null without RTX.</summary>
    public byte? RtxPayloadType { get; init; }

    /// <summary>The CNAME sent in SDES.</summary>
    public string Cname { get; init; } = "wlwebrtc";

    /// <summary>extmap id of abs-send-time, 0 if not negotiated.</summary>
    public int AbsSendTimeExtensionId { get; init; }

    /// <summary>extmap id of transport-wide-cc, 0 if not negotiated.</summary>
    public int TransportWideCcExtensionId { get; init; }

    /// <summary>extmap id of playout-delay, 0 if not negotiated.</summary>
    public int PlayoutDelayExtensionId { get; init; }

    /// <summary>playout-delay minimum (sent in 10 ms units; 0 = render at once).</summary>
    public TimeSpan PlayoutDelayMin { get; init; } = TimeSpan.Zero;

    /// <summary>playout-delay maximum.</summary>
    public TimeSpan PlayoutDelayMax { get; init; } = TimeSpan.Zero;

    /// <summary>
    /// Raise the playout delay while the viewer's link is lossy (<see cref="Playout.LossAdaptivePlayoutDelay"/>), to
    /// <see cref="PlayoutDelayOnLoss"/> or one retransmission round; <see cref="PlayoutDelayMin"/>/<see cref="PlayoutDelayMax"/>
    /// are the clean link's. Needs <see cref="PlayoutDelayExtensionId"/>.
    /// </summary>
    public bool PlayoutDelayAdaptive { get; init; }

    /// <summary>The playout delay (min = max) on a lossy link; null: the round-trip time plus a frame interval.</summary>
    public TimeSpan? PlayoutDelayOnLoss { get; init; }

    /// <summary>
    /// While the windowed loss is at least this fraction, each retransmission goes out twice over RTX (a second copy
    /// right behind the first, within the retransmission budget): a lost retransmission otherwise costs the viewer
    /// another NACK round, which Chromium starts only after its own retry interval. 0: off.
    /// </summary>
    public double RetransmitTwiceLoss { get; init; }

    /// <summary>
    /// Largest RTP payload (the H.264 part, without RTP header and SRTP tag) without FEC. With FEC on, frames are
    /// packetized to <see cref="PacketizationPayloadSize"/> instead, so that no packet grows past this size's.
    /// </summary>
    public int MaxPayloadSize { get; init; } = 1200;

    /// <summary>
    /// What a ULPFEC packet needs on top of the H.264 payload of the packets it protects, beyond the largest packet
    /// without FEC (an RTX resend: header, original sequence number, payload): the RED byte, the FEC and level headers
    /// (long mask), and the protected packets' own header past its fixed 12 bytes (their extensions), which FEC
    /// carries as payload.
    /// </summary>
    public const int FecPayloadReserve = RtpHeaderBuilder.MaxHeaderLength - Packets.RtpHeader.FixedLength + Fec.RedPacket.Overhead
        + Fec.UlpfecWriter.FecHeaderLength + 8 - Retransmission.RtxRetransmitter.RtxHeaderExtra;

    /// <summary>
    /// The H.264 payload frames are cut to: <see cref="MaxPayloadSize"/>, less <see cref="FecPayloadReserve"/> with FEC
    /// on, so that FEC packets (and media in RED) are no longer on the wire than the longest packet without FEC.
    /// Plans (<see cref="H264.H264PacketPlan"/>) handed to the sender must be built with this size.
    /// </summary>
    public int PacketizationPayloadSize => FecEnabled ? MaxPayloadSize - FecPayloadReserve : MaxPayloadSize;

    /// <summary>Packets kept for retransmission.</summary>
    public int HistoryPackets { get; init; } = 2048;

    /// <summary>
    /// How long packets stay retransmittable at least; with a long round-trip time, three of them (up to
    /// <see cref="HistoryMaxAgeLimit"/>), within <see cref="HistoryPackets"/>. A NACK for a packet no longer kept
    /// asks the encoder for a keyframe (the viewer cannot repair the frame any other way).
    /// </summary>
    public TimeSpan HistoryMaxAge { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest the history keeps a packet however long the round-trip time.</summary>
    public static TimeSpan HistoryMaxAgeLimit { get; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// Retransmitted bytes may be at most this fraction of the media bytes sent over the last second (plus
    /// <see cref="RetransmissionBurstBytes"/>): a NACK flood cannot turn the sender into an amplifier.
    /// </summary>
    public double RetransmissionBudgetFraction { get; init; } = 0.5;

    /// <summary>Retransmitted bytes allowed per second on top of the fraction, so recovery works at low media rates.</summary>
    public int RetransmissionBurstBytes { get; init; } = 24_000;

    /// <summary>Initial bandwidth estimate: modest, so the first keyframe does not flood a slow link; probing finds more.</summary>
    public long StartBitrateBitsPerSecond { get; init; } = 1_500_000;

    /// <summary>The estimate never goes below this.</summary>
    public long MinBitrateBitsPerSecond { get; init; } = 300_000;

    /// <summary>Paced sending (<see cref="RtpVideoSender.SendPaced"/>) runs at this multiple of the estimate.</summary>
    public double PacingFactor { get; init; } = 2.5;

    /// <summary>Paced packets leave in bursts of about this much time at the pacing rate.</summary>
    public TimeSpan PacingWindow { get; init; } = TimeSpan.FromMilliseconds(5);

    /// <summary>
    /// How often the path is probed above the estimate (padding over RTX, in clusters), besides at the start and
    /// right after a successful probe; null turns probing off. Needs transport-wide-cc and RTX.
    /// </summary>
    public TimeSpan? ProbeInterval { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>The estimate never goes above this.</summary>
    public long MaxBitrateBitsPerSecond { get; init; } = 50_000_000;

    /// <summary>
    /// The RED payload type (RFC 2198); with <see cref="UlpfecPayloadType"/> it turns FEC on: media goes out in RED,
    /// and after each frame ULPFEC packets in RED protect it (its last 48 packets: FEC never splits a frame). Null: no FEC.
    /// </summary>
    public byte? RedPayloadType { get; init; }

    /// <summary>The ULPFEC payload type (RFC 5109) inside RED.</summary>
    public byte? UlpfecPayloadType { get; init; }

    /// <summary>FEC packets per media packet (0-1), or <see cref="Fec.FecProtection.Auto"/> (0) to follow the reported loss.</summary>
    public double FecProtection { get; init; } = Fec.FecProtection.Auto;

    /// <summary>Whether FEC is on (both payload types given).</summary>
    public bool FecEnabled => RedPayloadType.HasValue && UlpfecPayloadType.HasValue;

    /// <summary>Every problem with the options at once, keyed by property name; empty if valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (PayloadType > 127)
        {
            errors.Add($"{nameof(PayloadType)}: {PayloadType} is not 0-127.");
        }

        if (RtxPayloadType is > 127)
        {
            errors.Add($"{nameof(RtxPayloadType)}: {RtxPayloadType} is not 0-127.");
        }

        if (RtxPayloadType.HasValue != RtxSsrc.HasValue)
        {
            errors.Add($"{nameof(RtxSsrc)}/{nameof(RtxPayloadType)}: give both or neither.");
        }

        if (RtxSsrc == Ssrc)
        {
            errors.Add($"{nameof(RtxSsrc)}: must differ from {nameof(Ssrc)}.");
        }

        if (RedPayloadType.HasValue != UlpfecPayloadType.HasValue)
        {
            errors.Add($"{nameof(RedPayloadType)}/{nameof(UlpfecPayloadType)}: give both or neither.");
        }

        if (FecEnabled && (RedPayloadType > 127 || UlpfecPayloadType > 127 || new[] { PayloadType, RedPayloadType, UlpfecPayloadType, RtxPayloadType }.Where(p => p.HasValue).Distinct().Count() != (RtxPayloadType.HasValue ? 4 : 3)))
        {
            errors.Add($"{nameof(RedPayloadType)}/{nameof(UlpfecPayloadType)}: 0-127, distinct from each other and from the media and RTX payload types.");
        }

        if (!(FecProtection is >= 0 and <= 1))
        {
            errors.Add($"{nameof(FecProtection)}: {FecProtection} is not 0 (auto) to 1.");
        }

        CheckId(errors, nameof(AbsSendTimeExtensionId), AbsSendTimeExtensionId);
        CheckId(errors, nameof(TransportWideCcExtensionId), TransportWideCcExtensionId);
        CheckId(errors, nameof(PlayoutDelayExtensionId), PlayoutDelayExtensionId);
        var ids = new[] { AbsSendTimeExtensionId, TransportWideCcExtensionId, PlayoutDelayExtensionId }.Where(i => i != 0).ToArray();
        if (ids.Distinct().Count() != ids.Length)
        {
            errors.Add("Extension ids: each negotiated extension needs its own id.");
        }

        if (PlayoutDelayMin < TimeSpan.Zero || PlayoutDelayMax < PlayoutDelayMin || PlayoutDelayMax > TimeSpan.FromMilliseconds(40950))
        {
            errors.Add($"{nameof(PlayoutDelayMin)}/{nameof(PlayoutDelayMax)}: need 0 <= min <= max <= 40.95 s.");
        }

        if (PlayoutDelayOnLoss is { } onLoss && (onLoss < TimeSpan.FromMilliseconds(10) || onLoss > TimeSpan.FromSeconds(2)))
        {
            errors.Add($"{nameof(PlayoutDelayOnLoss)}: {onLoss.TotalMilliseconds} ms is not 10-2000 ms.");
        }

        if (!(RetransmitTwiceLoss is >= 0 and <= 1))
        {
            errors.Add($"{nameof(RetransmitTwiceLoss)}: {RetransmitTwiceLoss} is not 0 (off) to 1.");
        }

        if (MaxPayloadSize is < 100 or > 8000)
        {
            errors.Add($"{nameof(MaxPayloadSize)}: {MaxPayloadSize} is not 100-8000.");
        }

        if (HistoryPackets is < 16 or > 65536)
        {
            errors.Add($"{nameof(HistoryPackets)}: {HistoryPackets} is not 16-65536.");
        }

        if (HistoryMaxAge <= TimeSpan.Zero)
        {
            errors.Add($"{nameof(HistoryMaxAge)}: must be positive.");
        }

        if (!(RetransmissionBudgetFraction is >= 0 and <= 1))
        {
            errors.Add($"{nameof(RetransmissionBudgetFraction)}: {RetransmissionBudgetFraction} is not 0-1.");
        }

        if (RetransmissionBurstBytes is < 0 or > 1_000_000)
        {
            errors.Add($"{nameof(RetransmissionBurstBytes)}: {RetransmissionBurstBytes} is not 0-1000000.");
        }

        if (MinBitrateBitsPerSecond <= 0 || MaxBitrateBitsPerSecond < MinBitrateBitsPerSecond
            || StartBitrateBitsPerSecond < MinBitrateBitsPerSecond || StartBitrateBitsPerSecond > MaxBitrateBitsPerSecond)
        {
            errors.Add("Bitrates: need 0 < min <= start <= max.");
        }

        if (!(PacingFactor is >= 1 and <= 10))
        {
            errors.Add($"{nameof(PacingFactor)}: {PacingFactor} is not 1-10.");
        }

        if (PacingWindow < TimeSpan.FromMilliseconds(1) || PacingWindow > TimeSpan.FromMilliseconds(100))
        {
            errors.Add($"{nameof(PacingWindow)}: {PacingWindow.TotalMilliseconds} ms is not 1-100 ms.");
        }

        if (ProbeInterval is { } probe && (probe < TimeSpan.FromMilliseconds(500) || probe > TimeSpan.FromMinutes(1)))
        {
            errors.Add($"{nameof(ProbeInterval)}: {probe.TotalSeconds} s is not 0.5-60 s.");
        }

        if (string.IsNullOrEmpty(Cname) || System.Text.Encoding.UTF8.GetByteCount(Cname) > 255)
        {
            errors.Add($"{nameof(Cname)}: 1-255 UTF-8 bytes.");
        }

        return errors;
    }

    private static void CheckId(List<string> errors, string name, int id)
    {
        if (id is < 0 or > 14)
        {
            errors.Add($"{name}: {id} is not 0 (off) or a one-byte extension id 1-14.");
        }
    }
}
