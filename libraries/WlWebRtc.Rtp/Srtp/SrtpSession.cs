using System.Buffers.Binary;
using System.Security.Cryptography;
using WlWebRtc.Rtp.Packets;

namespace WlWebRtc.Rtp.Srtp;

/// <summary>
/// SRTP and SRTCP for one direction and one master key (RFC 3711; AES-GCM per RFC 7714): protects what this
/// endpoint sends, or unprotects what it receives. Keeps per-SSRC rollover counters, SRTCP indices and replay
/// windows. A received packet creates state for its SSRC only once it has authenticated, and only up to
/// <see cref="MaxRemoteSsrcs"/> SSRCs per direction kind (RTP, RTCP): a peer cannot grow this with forged or
/// self-chosen SSRCs. Not thread-safe: one caller at a time. Allocation-free per packet once an SSRC has been seen.
/// </summary>
public sealed class SrtpSession : IDisposable
{
    private const int SrtcpIndexLength = 4;

    /// <summary>The default number of remote SSRCs tracked (a browser uses one or two per m-line).</summary>
    public const int DefaultMaxRemoteSsrcs = 16;

    private readonly Dictionary<uint, SsrcState> _rtpStates = [];
    private readonly Dictionary<uint, SsrcState> _rtcpStates = [];
    private readonly int _replayWindowSize;
    private readonly int _maxRemoteSsrcs;
    private readonly ISrtpTransform _transform;

    /// <summary>
    /// Derives the session keys from <paramref name="masterKey"/>. <paramref name="maxRemoteSsrcs"/> bounds the
    /// SSRCs whose packets <see cref="UnprotectRtp"/> and <see cref="UnprotectRtcp"/> keep state for.
    /// </summary>
    public SrtpSession(SrtpMasterKey masterKey, int replayWindowSize = 1024, int maxRemoteSsrcs = DefaultMaxRemoteSsrcs)
        : this(DeriveSessionKeys(masterKey), replayWindowSize, maxRemoteSsrcs)
    {
    }

    private SrtpSession(SessionKeys keys, int replayWindowSize, int maxRemoteSsrcs)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(replayWindowSize, 64);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRemoteSsrcs, 1);
        Profile = keys.Profile;
        _replayWindowSize = replayWindowSize;
        _maxRemoteSsrcs = maxRemoteSsrcs;
        _transform = SrtpProfileInfo.IsGcm(Profile) ? new AeadAesGcmTransform(keys) : new AesCmHmacSha1Transform(keys);

        CryptographicOperations.ZeroMemory(keys.RtpKey);
        CryptographicOperations.ZeroMemory(keys.RtcpKey);
        CryptographicOperations.ZeroMemory(keys.RtpAuthKey);
        CryptographicOperations.ZeroMemory(keys.RtcpAuthKey);
    }

    /// <summary>A session from already-derived session keys (RFC 7714's test vectors give those).</summary>
    internal static SrtpSession FromSessionKeys(
        SrtpProfile profile, byte[] rtpKey, byte[] rtpSalt, byte[] rtpAuthKey, byte[] rtcpKey, byte[] rtcpSalt, byte[] rtcpAuthKey, int replayWindowSize = 1024) =>
        new(new SessionKeys(profile, rtpKey.ToArray(), rtpSalt.ToArray(), rtpAuthKey.ToArray(), rtcpKey.ToArray(), rtcpSalt.ToArray(), rtcpAuthKey.ToArray()), replayWindowSize, DefaultMaxRemoteSsrcs);

    /// <summary>The session keys for a master key (RFC 3711 section 4.3).</summary>
    internal static SessionKeys DeriveSessionKeys(SrtpMasterKey masterKey)
    {
        ArgumentNullException.ThrowIfNull(masterKey);
        var profile = masterKey.Profile;
        var keyLength = SrtpProfileInfo.MasterKeyLength(profile);
        var saltLength = SrtpProfileInfo.MasterSaltLength(profile);
        var authLength = SrtpProfileInfo.IsGcm(profile) ? 0 : 20;
        using var master = Aes.Create();
        master.Key = masterKey.Key.ToArray();
        var salt = masterKey.Salt.Span;
        var keys = new SessionKeys(
            profile,
            new byte[keyLength],
            new byte[saltLength],
            new byte[authLength],
            new byte[keyLength],
            new byte[saltLength],
            new byte[authLength]);
        SrtpKeyDerivation.Derive(master, salt, SrtpKeyDerivation.RtpEncryptionLabel, keys.RtpKey);
        SrtpKeyDerivation.Derive(master, salt, SrtpKeyDerivation.RtpAuthenticationLabel, keys.RtpAuthKey);
        SrtpKeyDerivation.Derive(master, salt, SrtpKeyDerivation.RtpSaltLabel, keys.RtpSalt);
        SrtpKeyDerivation.Derive(master, salt, SrtpKeyDerivation.RtcpEncryptionLabel, keys.RtcpKey);
        SrtpKeyDerivation.Derive(master, salt, SrtpKeyDerivation.RtcpAuthenticationLabel, keys.RtcpAuthKey);
        SrtpKeyDerivation.Derive(master, salt, SrtpKeyDerivation.RtcpSaltLabel, keys.RtcpSalt);
        return keys;
    }

    /// <summary>The protection profile.</summary>
    public SrtpProfile Profile { get; }

    /// <summary>How many remote SSRCs may have state (see the constructor).</summary>
    public int MaxRemoteSsrcs => _maxRemoteSsrcs;

    /// <summary>Bytes <see cref="ProtectRtp"/> adds (10 or 16).</summary>
    public int RtpOverhead => _transform.TagLength;

    /// <summary>Bytes <see cref="ProtectRtcp"/> adds (14 or 20).</summary>
    public int RtcpOverhead => _transform.TagLength + SrtcpIndexLength;

    /// <summary>
    /// Protects an RTP packet into <paramref name="destination"/> (which may be the same memory as
    /// <paramref name="packet"/>, or disjoint from it) and appends the tag.
    /// </summary>
    public SrtpStatus ProtectRtp(ReadOnlySpan<byte> packet, Span<byte> destination, out int written)
    {
        written = 0;
        if (!RtpHeader.TryParse(packet, out var header, readPadding: false))
        {
            return SrtpStatus.Malformed;
        }

        var total = packet.Length + RtpOverhead;
        if (destination.Length < total)
        {
            return SrtpStatus.BufferTooSmall;
        }

        var state = GetState(_rtpStates, header.Ssrc);
        var index = EstimateIndex(state, header.SequenceNumber);
        state.Advance(index);

        var headerLength = header.HeaderLength;
        packet[..headerLength].CopyTo(destination);
        _transform.ProtectRtp(packet, destination, headerLength, header.Ssrc, index);

        written = total;
        return SrtpStatus.Ok;
    }

    /// <summary>Authenticates and decrypts an SRTP packet in place; <paramref name="length"/> is the RTP packet's length.</summary>
    public SrtpStatus UnprotectRtp(Span<byte> packet, out int length)
    {
        length = 0;
        var tagLength = RtpOverhead;
        if (packet.Length < RtpHeader.FixedLength + tagLength
            || !RtpHeader.TryParse(packet[..^tagLength], out var header, readPadding: false))
        {
            return SrtpStatus.Malformed;
        }

        // Look, don't create: state is kept only for packets that authenticate (see TryAddRemoteState).
        _rtpStates.TryGetValue(header.Ssrc, out var state);
        var index = state is null ? header.SequenceNumber : EstimateIndex(state, header.SequenceNumber);
        if (state is not null && !state.Window.IsAcceptable(index))
        {
            return SrtpStatus.Replayed;
        }

        if (!_transform.UnprotectRtp(packet, header.HeaderLength, header.Ssrc, index))
        {
            return SrtpStatus.AuthenticationFailed;
        }

        if (state is null && !TryAddRemoteState(_rtpStates, header.Ssrc, out state))
        {
            return SrtpStatus.SsrcLimitReached;
        }

        state.Window.Mark(index);
        state.Advance(index);
        length = packet.Length - tagLength;
        return SrtpStatus.Ok;
    }

    /// <summary>
    /// Protects an RTCP (compound) packet into <paramref name="destination"/> (same memory or disjoint):
    /// encrypts everything after the first 8 bytes, appends E-flag and SRTCP index, and the tag.
    /// </summary>
    public SrtpStatus ProtectRtcp(ReadOnlySpan<byte> packet, Span<byte> destination, out int written)
    {
        written = 0;
        if (packet.Length < 8 || (packet[0] >> 6) != 2)
        {
            return SrtpStatus.Malformed;
        }

        var total = packet.Length + RtcpOverhead;
        if (destination.Length < total)
        {
            return SrtpStatus.BufferTooSmall;
        }

        var ssrc = BinaryPrimitives.ReadUInt32BigEndian(packet.Slice(4, 4));
        var state = GetState(_rtcpStates, ssrc);
        var srtcpIndex = state.NextSrtcpIndex;
        state.NextSrtcpIndex = (srtcpIndex + 1) & 0x7FFFFFFF;

        packet[..8].CopyTo(destination);
        _transform.ProtectRtcp(packet, destination, ssrc, srtcpIndex);

        written = total;
        return SrtpStatus.Ok;
    }

    /// <summary>Authenticates and (if the E flag is set) decrypts an SRTCP packet in place.</summary>
    public SrtpStatus UnprotectRtcp(Span<byte> packet, out int length)
    {
        length = 0;
        var tagLength = _transform.TagLength;
        if (packet.Length < 8 + SrtcpIndexLength + tagLength || (packet[0] >> 6) != 2)
        {
            return SrtpStatus.Malformed;
        }

        var ssrc = BinaryPrimitives.ReadUInt32BigEndian(packet.Slice(4, 4));
        var bodyLength = packet.Length - SrtcpIndexLength - tagLength;
        var eAndIndex = BinaryPrimitives.ReadUInt32BigEndian(packet.Slice(_transform.SrtcpIndexOffset(packet.Length), SrtcpIndexLength));
        var srtcpIndex = eAndIndex & 0x7FFFFFFF;

        // Look, don't create: state is kept only for packets that authenticate (see TryAddRemoteState).
        _rtcpStates.TryGetValue(ssrc, out var state);
        if (state is not null && !state.Window.IsAcceptable(srtcpIndex))
        {
            return SrtpStatus.Replayed;
        }

        if (!_transform.UnprotectRtcp(packet, ssrc, eAndIndex))
        {
            return SrtpStatus.AuthenticationFailed;
        }

        if (state is null && !TryAddRemoteState(_rtcpStates, ssrc, out state))
        {
            return SrtpStatus.SsrcLimitReached;
        }

        state.Window.Mark(srtcpIndex);
        length = bodyLength;
        return SrtpStatus.Ok;
    }

    /// <inheritdoc />
    public void Dispose() => _transform.Dispose();

    /// <summary>SSRCs with receive-side RTP state (for tests and diagnostics).</summary>
    internal int RtpSsrcCount => _rtpStates.Count;

    /// <summary>SSRCs with SRTCP state (for tests and diagnostics).</summary>
    internal int RtcpSsrcCount => _rtcpStates.Count;

    /// <summary>The current rollover counter of an SSRC (for tests and diagnostics).</summary>
    internal uint GetRolloverCounter(uint ssrc) => _rtpStates.TryGetValue(ssrc, out var s) ? (uint)(s.HighestIndex >> 16) : 0;

    /// <summary>Sets the sender's SRTCP index, for reproducing test vectors.</summary>
    internal void SetNextSrtcpIndex(uint ssrc, uint index) => GetState(_rtcpStates, ssrc).NextSrtcpIndex = index & 0x7FFFFFFF;

    /// <summary>Sets an SSRC's rollover counter and highest sequence number (as when joining a stream late).</summary>
    internal void SetRolloverCounter(uint ssrc, uint roc, ushort highestSequence)
    {
        var state = GetState(_rtpStates, ssrc);
        state.HighestIndex = ((ulong)roc << 16) | highestSequence;
        state.Started = true;
    }

    /// <summary>
    /// Guesses the 48-bit index of a sequence number from the highest index so far (RFC 3711 section 3.3.1 /
    /// appendix A): the candidate ROC-1, ROC or ROC+1 closest to the highest sequence number.
    /// </summary>
    private static ulong EstimateIndex(SsrcState state, ushort sequence)
    {
        if (!state.Started)
        {
            return sequence;
        }

        var roc = state.HighestIndex >> 16;
        var highest = (int)(state.HighestIndex & 0xFFFF);
        ulong guess;
        if (highest < 32768)
        {
            guess = sequence - highest > 32768 && roc > 0 ? roc - 1 : roc;
        }
        else
        {
            guess = highest - 32768 > sequence ? roc + 1 : roc;
        }

        return (guess << 16) | sequence;
    }

    private SsrcState GetState(Dictionary<uint, SsrcState> states, uint ssrc)
    {
        if (!states.TryGetValue(ssrc, out var state))
        {
            state = new SsrcState(_replayWindowSize);
            states[ssrc] = state;
        }

        return state;
    }

    /// <summary>State for an SSRC whose packet just authenticated, unless <see cref="MaxRemoteSsrcs"/> are tracked already.</summary>
    private bool TryAddRemoteState(Dictionary<uint, SsrcState> states, uint ssrc, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out SsrcState? state)
    {
        if (states.Count >= _maxRemoteSsrcs)
        {
            state = null;
            return false;
        }

        state = new SsrcState(_replayWindowSize);
        states[ssrc] = state;
        return true;
    }

    internal sealed record SessionKeys(SrtpProfile Profile, byte[] RtpKey, byte[] RtpSalt, byte[] RtpAuthKey, byte[] RtcpKey, byte[] RtcpSalt, byte[] RtcpAuthKey);

    private sealed class SsrcState(int windowSize)
    {
        public bool Started { get; set; }

        public ulong HighestIndex { get; set; }

        public uint NextSrtcpIndex { get; set; }

        public ReplayWindow Window { get; } = new(windowSize);

        public void Advance(ulong index)
        {
            if (!Started || index > HighestIndex)
            {
                HighestIndex = index;
                Started = true;
            }
        }
    }
}
