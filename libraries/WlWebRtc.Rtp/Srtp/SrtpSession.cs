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
    private const int HmacTagLength = 10;
    private const int GcmTagLength = 16;
    private const int MaxStackAad = 2048;

    /// <summary>The default number of remote SSRCs tracked (a browser uses one or two per m-line).</summary>
    public const int DefaultMaxRemoteSsrcs = 16;

    private readonly Dictionary<uint, SsrcState> _rtpStates = [];
    private readonly Dictionary<uint, SsrcState> _rtcpStates = [];
    private readonly int _replayWindowSize;
    private readonly int _maxRemoteSsrcs;
    private readonly bool _gcm;
    private readonly Aes? _rtpCipher;
    private readonly Aes? _rtcpCipher;
    private readonly IncrementalHash? _rtpAuth;
    private readonly IncrementalHash? _rtcpAuth;
    private readonly AesGcm? _rtpGcm;
    private readonly AesGcm? _rtcpGcm;
    private readonly byte[] _rtpSalt;
    private readonly ICryptoTransform? _rtpEcb;
    private readonly ICryptoTransform? _rtcpEcb;
    private readonly byte[] _counters = AesCounterMode.NewScratch();
    private readonly byte[] _keystream = AesCounterMode.NewScratch();
    private readonly byte[] _rtcpSalt;

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
        _gcm = SrtpProfileInfo.IsGcm(Profile);
        _rtpSalt = keys.RtpSalt;
        _rtcpSalt = keys.RtcpSalt;
        if (_gcm)
        {
            _rtpGcm = new AesGcm(keys.RtpKey, GcmTagLength);
            _rtcpGcm = new AesGcm(keys.RtcpKey, GcmTagLength);
        }
        else
        {
            _rtpCipher = Aes.Create();
            _rtpCipher.Mode = CipherMode.ECB;
            _rtpCipher.Padding = PaddingMode.None;
            _rtpCipher.Key = keys.RtpKey;
            _rtcpCipher = Aes.Create();
            _rtcpCipher.Mode = CipherMode.ECB;
            _rtcpCipher.Padding = PaddingMode.None;
            _rtcpCipher.Key = keys.RtcpKey;
            _rtpEcb = _rtpCipher.CreateEncryptor(keys.RtpKey, null);
            _rtcpEcb = _rtcpCipher.CreateEncryptor(keys.RtcpKey, null);
            _rtpAuth = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA1, keys.RtpAuthKey);
            _rtcpAuth = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA1, keys.RtcpAuthKey);
        }

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
    public int RtpOverhead => SrtpProfileInfo.TagLength(Profile);

    /// <summary>Bytes <see cref="ProtectRtcp"/> adds (14 or 20).</summary>
    public int RtcpOverhead => SrtpProfileInfo.TagLength(Profile) + SrtcpIndexLength;

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
        var roc = (uint)(index >> 16);
        state.Advance(index);

        var headerLength = header.HeaderLength;
        packet[..headerLength].CopyTo(destination);
        var plain = packet[headerLength..];
        var cipher = destination.Slice(headerLength, plain.Length);
        if (_gcm)
        {
            Span<byte> nonce = stackalloc byte[12];
            RtpGcmNonce(nonce, header.Ssrc, roc, header.SequenceNumber);
            _rtpGcm!.Encrypt(nonce, plain, cipher, destination.Slice(packet.Length, GcmTagLength), destination[..headerLength]);
        }
        else
        {
            Span<byte> iv = stackalloc byte[16];
            CounterIv(iv, _rtpSalt, header.Ssrc, index);
            AesCounterMode.Transform(_rtpEcb!, _counters, _keystream, iv, plain, cipher);
            RtpHmac(destination[..packet.Length], roc, destination.Slice(packet.Length, HmacTagLength));
        }

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

        var roc = (uint)(index >> 16);
        var bodyLength = packet.Length - tagLength;
        var headerLength = header.HeaderLength;
        if (_gcm)
        {
            Span<byte> nonce = stackalloc byte[12];
            RtpGcmNonce(nonce, header.Ssrc, roc, header.SequenceNumber);
            var body = packet[headerLength..bodyLength];
            try
            {
                _rtpGcm!.Decrypt(nonce, body, packet.Slice(bodyLength, GcmTagLength), body, packet[..headerLength]);
            }
            catch (AuthenticationTagMismatchException)
            {
                return SrtpStatus.AuthenticationFailed;
            }
        }
        else
        {
            Span<byte> tag = stackalloc byte[HmacTagLength];
            RtpHmac(packet[..bodyLength], roc, tag);
            if (!CryptographicOperations.FixedTimeEquals(tag, packet.Slice(bodyLength, HmacTagLength)))
            {
                return SrtpStatus.AuthenticationFailed;
            }

            Span<byte> iv = stackalloc byte[16];
            CounterIv(iv, _rtpSalt, header.Ssrc, index);
            var body = packet[headerLength..bodyLength];
            AesCounterMode.Transform(_rtpEcb!, _counters, _keystream, iv, body, body);
        }

        if (state is null && !TryAddRemoteState(_rtpStates, header.Ssrc, out state))
        {
            return SrtpStatus.SsrcLimitReached;
        }

        state.Window.Mark(index);
        state.Advance(index);
        length = bodyLength;
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
        var eAndIndex = 0x80000000u | srtcpIndex;

        packet[..8].CopyTo(destination);
        var plain = packet[8..];
        var cipher = destination.Slice(8, plain.Length);
        if (_gcm)
        {
            Span<byte> nonce = stackalloc byte[12];
            RtcpGcmNonce(nonce, ssrc, srtcpIndex);
            Span<byte> aad = stackalloc byte[12];
            packet[..8].CopyTo(aad);
            BinaryPrimitives.WriteUInt32BigEndian(aad[8..], eAndIndex);
            _rtcpGcm!.Encrypt(nonce, plain, cipher, destination.Slice(packet.Length, GcmTagLength), aad);
            BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(packet.Length + GcmTagLength, 4), eAndIndex);
        }
        else
        {
            Span<byte> iv = stackalloc byte[16];
            CounterIv(iv, _rtcpSalt, ssrc, srtcpIndex);
            AesCounterMode.Transform(_rtcpEcb!, _counters, _keystream, iv, plain, cipher);
            BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(packet.Length, 4), eAndIndex);
            Span<byte> hash = stackalloc byte[20];
            _rtcpAuth!.AppendData(destination[..(packet.Length + 4)]);
            _rtcpAuth.GetHashAndReset(hash);
            hash[..HmacTagLength].CopyTo(destination.Slice(packet.Length + 4, HmacTagLength));
        }

        written = total;
        return SrtpStatus.Ok;
    }

    /// <summary>Authenticates and (if the E flag is set) decrypts an SRTCP packet in place.</summary>
    public SrtpStatus UnprotectRtcp(Span<byte> packet, out int length)
    {
        length = 0;
        var tagLength = SrtpProfileInfo.TagLength(Profile);
        if (packet.Length < 8 + SrtcpIndexLength + tagLength || (packet[0] >> 6) != 2)
        {
            return SrtpStatus.Malformed;
        }

        var ssrc = BinaryPrimitives.ReadUInt32BigEndian(packet.Slice(4, 4));
        var bodyLength = packet.Length - SrtcpIndexLength - tagLength;
        var indexOffset = _gcm ? packet.Length - SrtcpIndexLength : bodyLength;
        var eAndIndex = BinaryPrimitives.ReadUInt32BigEndian(packet.Slice(indexOffset, 4));
        var encrypted = (eAndIndex & 0x80000000u) != 0;
        var srtcpIndex = eAndIndex & 0x7FFFFFFF;

        // Look, don't create: state is kept only for packets that authenticate (see TryAddRemoteState).
        _rtcpStates.TryGetValue(ssrc, out var state);
        if (state is not null && !state.Window.IsAcceptable(srtcpIndex))
        {
            return SrtpStatus.Replayed;
        }

        if (_gcm)
        {
            Span<byte> nonce = stackalloc byte[12];
            RtcpGcmNonce(nonce, ssrc, srtcpIndex);
            var tag = packet.Slice(bodyLength, GcmTagLength);
            try
            {
                if (encrypted)
                {
                    Span<byte> aad = stackalloc byte[12];
                    packet[..8].CopyTo(aad);
                    BinaryPrimitives.WriteUInt32BigEndian(aad[8..], eAndIndex);
                    var body = packet[8..bodyLength];
                    _rtcpGcm!.Decrypt(nonce, body, tag, body, aad);
                }
                else
                {
                    // Unencrypted SRTCP with GCM: everything is associated data (RFC 7714 section 9.3). The
                    // packet's size is the peer's choice: only a datagram-sized copy goes on the stack.
                    var rented = bodyLength + 4 > MaxStackAad ? System.Buffers.ArrayPool<byte>.Shared.Rent(bodyLength + 4) : null;
                    try
                    {
                        var aad = rented is null ? stackalloc byte[bodyLength + 4] : rented.AsSpan(0, bodyLength + 4);
                        packet[..bodyLength].CopyTo(aad);
                        BinaryPrimitives.WriteUInt32BigEndian(aad[bodyLength..], eAndIndex);
                        _rtcpGcm!.Decrypt(nonce, [], tag, [], aad);
                    }
                    finally
                    {
                        if (rented is not null)
                        {
                            System.Buffers.ArrayPool<byte>.Shared.Return(rented);
                        }
                    }
                }
            }
            catch (AuthenticationTagMismatchException)
            {
                return SrtpStatus.AuthenticationFailed;
            }
        }
        else
        {
            Span<byte> hash = stackalloc byte[20];
            _rtcpAuth!.AppendData(packet[..(bodyLength + 4)]);
            _rtcpAuth.GetHashAndReset(hash);
            if (!CryptographicOperations.FixedTimeEquals(hash[..HmacTagLength], packet.Slice(bodyLength + 4, HmacTagLength)))
            {
                return SrtpStatus.AuthenticationFailed;
            }

            if (encrypted)
            {
                Span<byte> iv = stackalloc byte[16];
                CounterIv(iv, _rtcpSalt, ssrc, srtcpIndex);
                var body = packet[8..bodyLength];
                AesCounterMode.Transform(_rtcpEcb!, _counters, _keystream, iv, body, body);
            }
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
    public void Dispose()
    {
        _rtpEcb?.Dispose();
        _rtcpEcb?.Dispose();
        _rtpCipher?.Dispose();
        _rtcpCipher?.Dispose();
        _rtpAuth?.Dispose();
        _rtcpAuth?.Dispose();
        _rtpGcm?.Dispose();
        _rtcpGcm?.Dispose();
    }

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

    private void RtpHmac(ReadOnlySpan<byte> authenticated, uint roc, Span<byte> tag)
    {
        Span<byte> rocBytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(rocBytes, roc);
        Span<byte> hash = stackalloc byte[20];
        _rtpAuth!.AppendData(authenticated);
        _rtpAuth.AppendData(rocBytes);
        _rtpAuth.GetHashAndReset(hash);
        hash[..HmacTagLength].CopyTo(tag);
    }

    /// <summary>IV = (salt * 2^16) XOR (SSRC * 2^64) XOR (index * 2^16).</summary>
    private static void CounterIv(Span<byte> iv, ReadOnlySpan<byte> salt, uint ssrc, ulong index)
    {
        iv.Clear();
        salt.CopyTo(iv);
        iv[4] ^= (byte)(ssrc >> 24);
        iv[5] ^= (byte)(ssrc >> 16);
        iv[6] ^= (byte)(ssrc >> 8);
        iv[7] ^= (byte)ssrc;
        for (var i = 0; i < 6; i++)
        {
            iv[8 + i] ^= (byte)(index >> (40 - (8 * i)));
        }
    }

    /// <summary>RFC 7714 section 8.1: 00 00 || SSRC || ROC || SEQ, XOR salt.</summary>
    private void RtpGcmNonce(Span<byte> nonce, uint ssrc, uint roc, ushort sequence)
    {
        nonce.Clear();
        BinaryPrimitives.WriteUInt32BigEndian(nonce[2..], ssrc);
        BinaryPrimitives.WriteUInt32BigEndian(nonce[6..], roc);
        BinaryPrimitives.WriteUInt16BigEndian(nonce[10..], sequence);
        for (var i = 0; i < 12; i++)
        {
            nonce[i] ^= _rtpSalt[i];
        }
    }

    /// <summary>RFC 7714 section 9.1: 00 00 || SSRC || 00 00 || 0 || SRTCP index, XOR salt.</summary>
    private void RtcpGcmNonce(Span<byte> nonce, uint ssrc, uint srtcpIndex)
    {
        nonce.Clear();
        BinaryPrimitives.WriteUInt32BigEndian(nonce[2..], ssrc);
        BinaryPrimitives.WriteUInt32BigEndian(nonce[8..], srtcpIndex);
        for (var i = 0; i < 12; i++)
        {
            nonce[i] ^= _rtcpSalt[i];
        }
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
