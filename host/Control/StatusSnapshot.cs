using System.Text.Json.Serialization;

namespace WlWebRtc.Host.Control;

/// <summary>What a running instance reports through <c>wlwebrtc status</c> (and, in numbers, at <c>/metrics</c>).</summary>
internal sealed record StatusSnapshot
{
    [JsonPropertyName("pid")]
    public int ProcessId { get; init; }

    [JsonPropertyName("started_at")]
    public DateTimeOffset StartedAt { get; init; }

    [JsonPropertyName("listen")]
    public string Listen { get; init; } = string.Empty;

    [JsonPropertyName("plugins")]
    public IReadOnlyDictionary<string, string> SelectedPlugins { get; init; } = new Dictionary<string, string>();

    [JsonPropertyName("capture")]
    public string Capture { get; init; } = string.Empty;

    /// <summary>Why the capture source stopped, when it failed (the server then stops with exit code 5); null while it runs.</summary>
    [JsonPropertyName("capture_error")]
    public string? CaptureError { get; init; }

    [JsonPropertyName("encoder")]
    public string Encoder { get; init; } = string.Empty;

    [JsonPropertyName("sessions")]
    public IReadOnlyList<SessionStatus> Sessions { get; init; } = [];

    [JsonPropertyName("viewers")]
    public int Viewers { get; init; }

    [JsonPropertyName("capture_fps")]
    public double CaptureFramesPerSecond { get; init; }

    [JsonPropertyName("encode_fps")]
    public double EncodedFramesPerSecond { get; init; }

    [JsonPropertyName("frames_captured")]
    public long CapturedFrames { get; init; }

    [JsonPropertyName("frames_encoded")]
    public long EncodedFrames { get; init; }

    [JsonPropertyName("keyframes_encoded")]
    public long Keyframes { get; init; }

    [JsonPropertyName("keyframe_requests_coalesced")]
    public long KeyframeRequestsCoalesced { get; init; }

    [JsonPropertyName("bytes_encoded")]
    public long EncodedBytes { get; init; }

    [JsonPropertyName("bitrate_bps")]
    public long BitrateBitsPerSecond { get; init; }

    [JsonPropertyName("target_bitrate_bps")]
    public long TargetBitrateBitsPerSecond { get; init; }

    /// <summary>Egresses (e.g. the WHIP publisher into an SFU): state, last error, reconnects, bitrate.</summary>
    [JsonPropertyName("egress")]
    public IReadOnlyList<EgressStatusEntry> Egress { get; init; } = [];

    /// <summary>The encoder tiers running ([degradation]): each one's frame rate, picture scale, target and viewers.</summary>
    [JsonPropertyName("encoder_tiers")]
    public IReadOnlyList<EncoderTierStatus> EncoderTiers { get; init; } = [];

    /// <summary>Per-stage latency percentiles (capture_to_encode, convert, encode, send), null for a stage with no samples yet.</summary>
    [JsonPropertyName("latency")]
    public IReadOnlyDictionary<string, Streaming.LatencyPercentiles?> StageLatencies { get; init; } = new Dictionary<string, Streaming.LatencyPercentiles?>();

    /// <summary>How viewers can reach the transport (addresses now, ICE mode, the start's STUN/TURN checks); null when it does not say.</summary>
    [JsonPropertyName("reachability")]
    public string? Reachability { get; init; }
}

/// <summary>One viewer session.</summary>
internal sealed record SessionStatus(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("role")] string Role,
    [property: JsonPropertyName("state")] string State,
    [property: JsonPropertyName("frames_sent")] long FramesSent,
    [property: JsonPropertyName("rtt_ms")] double? RoundTripMilliseconds)
{
    /// <summary>NACKed packets not resent: the viewer's retransmission budget was spent.</summary>
    [JsonPropertyName("retransmissions_over_budget")]
    public long RetransmissionsOverBudget { get; init; }

    /// <summary>NACKed sequence numbers ignored (per-message cap, per-second budget).</summary>
    [JsonPropertyName("nacked_sequences_dropped")]
    public long NackedSequencesDropped { get; init; }

    /// <summary>Congestion-control feedback messages not parsed (too large, over budget).</summary>
    [JsonPropertyName("transport_feedback_dropped")]
    public long TransportFeedbackDropped { get; init; }

    /// <summary>PLI/FIR not passed on (repeated, or within a round-trip time of the last).</summary>
    [JsonPropertyName("keyframe_requests_suppressed")]
    public long KeyframeRequestsSuppressed { get; init; }

    /// <summary>NACK messages the peer sent (e.g. an SFU asking the egress for lost packets).</summary>
    [JsonPropertyName("nacks_received")]
    public long NacksReceived { get; init; }

    /// <summary>Packets resent after NACKs.</summary>
    [JsonPropertyName("packets_retransmitted")]
    public long PacketsRetransmitted { get; init; }

    /// <summary>PLI and FIR messages the peer sent.</summary>
    [JsonPropertyName("keyframe_requests_received")]
    public long KeyframeRequestsReceived { get; init; }

    /// <summary>Pacing and send stage of the viewer's last frame (queued for it → last packet sent), in ms; null before the first.</summary>
    [JsonPropertyName("pacing_send_ms")]
    public double? PacingSendMilliseconds { get; init; }

    /// <summary>Bytes sent to the viewer, everything included.</summary>
    [JsonPropertyName("bytes_sent")]
    public long BytesSent { get; init; }

    /// <summary>Forward error correction packets sent (0 unless [transport.webrtc] fec is on and negotiated).</summary>
    [JsonPropertyName("fec_packets_sent")]
    public long FecPacketsSent { get; init; }

    /// <summary>Bytes of forward error correction: the FEC overhead, part of <see cref="BytesSent"/>.</summary>
    [JsonPropertyName("fec_bytes_sent")]
    public long FecBytesSent { get; init; }

    /// <summary>Empty retransmissions answering NACKs for FEC packets (FEC is not resent).</summary>
    [JsonPropertyName("fec_empty_retransmissions")]
    public long FecEmptyRetransmissions { get; init; }

    /// <summary>Probe clusters sent to the viewer (bursts above the estimate to find out whether its path carries more).</summary>
    [JsonPropertyName("probe_clusters")]
    public long ProbeClusters { get; init; }

    /// <summary>Probe clusters whose feedback gave the path's rate.</summary>
    [JsonPropertyName("probe_results")]
    public long ProbeResults { get; init; }

    /// <summary>The rate the last probe result measured, in bits per second; null before the first.</summary>
    [JsonPropertyName("last_probe_bps")]
    public long? LastProbeBitsPerSecond { get; init; }

    /// <summary>Whether the last probe filled the path (its rate is then the path's capacity, not a lower bound).</summary>
    [JsonPropertyName("last_probe_saturated")]
    public bool LastProbeSaturated { get; init; }

    /// <summary>How long before this snapshot the last probe result came, in ms; null before the first.</summary>
    [JsonPropertyName("last_probe_age_ms")]
    public double? LastProbeAgeMilliseconds { get; init; }

    /// <summary>Bytes of probe padding sent: the probing overhead, part of <see cref="BytesSent"/>.</summary>
    [JsonPropertyName("padding_bytes_sent")]
    public long PaddingBytesSent { get; init; }

    /// <summary>The minimum playout delay the viewer is asked for now (ms): 0 on a clean link, about a round trip on a lossy one.</summary>
    [JsonPropertyName("playout_delay_ms")]
    public double PlayoutDelayMilliseconds { get; init; }

    /// <summary>Retransmissions sent twice because the viewer's link was very lossy.</summary>
    [JsonPropertyName("duplicate_retransmissions")]
    public long DuplicateRetransmissions { get; init; }

    /// <summary>The viewer's bandwidth estimate (congestion control), in bits per second; 0 before media flows.</summary>
    [JsonPropertyName("estimate_bps")]
    public long EstimateBitsPerSecond { get; init; }

    /// <summary>Fraction of packets lost in the viewer's last receiver report (0-1).</summary>
    [JsonPropertyName("fraction_lost")]
    public double FractionLost { get; init; }

    /// <summary>Frames not sent to the viewer: its queue overflowed, a delta frame waited past the pacer's delay budget, or a keyframe was awaited.</summary>
    [JsonPropertyName("frames_dropped")]
    public long FramesDropped { get; init; }
}

/// <summary>One egress, as <c>status</c> shows it.</summary>
internal sealed record EgressStatusEntry(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("target")] string Target,
    [property: JsonPropertyName("state")] string State,
    [property: JsonPropertyName("error")] string? Error,
    [property: JsonPropertyName("reconnects")] long Reconnects,
    [property: JsonPropertyName("bytes_sent")] long BytesSent,
    [property: JsonPropertyName("bitrate_bps")] long BitrateBitsPerSecond);

/// <summary>One encoder tier, as <c>status</c> shows it: its degradation rung (fps, scale in percent), target bitrate and viewers.</summary>
internal sealed record EncoderTierStatus(
    [property: JsonPropertyName("tier")] int Tier,
    [property: JsonPropertyName("fps")] int FrameRate,
    [property: JsonPropertyName("scale_percent")] int ScalePercent,
    [property: JsonPropertyName("target_bitrate_bps")] long TargetBitrateBitsPerSecond,
    [property: JsonPropertyName("viewers")] int Viewers,
    [property: JsonPropertyName("bitrate_bps")] long BitrateBitsPerSecond);

[JsonSerializable(typeof(StatusSnapshot))]
[JsonSourceGenerationOptions(WriteIndented = true)]
internal sealed partial class StatusJsonContext : JsonSerializerContext;
