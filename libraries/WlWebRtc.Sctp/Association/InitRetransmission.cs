using WlWebRtc.Sctp.Packets;

namespace WlWebRtc.Sctp;

/// <summary>T1 (RFC 9260 §5.1): the INIT or COOKIE-ECHO awaiting its answer, retransmitted with back-off up to
/// the configured number of times.</summary>
internal sealed class InitRetransmission
{
    private readonly SctpTimer _timer;
    private readonly SctpAssociationOptions _options;
    private int _retransmissions;
    private TimeSpan _rto;

    public InitRetransmission(SctpTimer timer, SctpAssociationOptions options)
    {
        _timer = timer;
        _options = options;
        _rto = options.RtoInitial;
    }

    /// <summary>The chunk awaiting its answer, or null.</summary>
    public IChunk? Chunk { get; private set; }

    /// <summary><paramref name="chunk"/> is about to be sent: <see cref="StartTimer"/> once it was. The timeout starts
    /// from RTO.Initial for INIT and carries on from there for COOKIE-ECHO.</summary>
    public void Begin(IChunk chunk, bool initialTimeout)
    {
        _timer.Stop();
        if (initialTimeout)
            _rto = _options.RtoInitial;
        Chunk = chunk;
        _retransmissions = 0;
    }

    /// <summary>Starts T1 after the chunk was sent (or sent again).</summary>
    public void StartTimer() => _timer.Start(_rto);

    /// <summary>The answer arrived.</summary>
    public void End()
    {
        _timer.Stop();
        Chunk = null;
    }

    /// <summary>T1 expired with <see cref="Chunk"/> unanswered: true to send it again (then <see cref="StartTimer"/>,
    /// now with a doubled timeout), false when the retransmissions are exhausted.</summary>
    public bool TryRetransmit()
    {
        if (++_retransmissions > _options.MaxInitRetransmissions)
            return false;
        _rto = TimeSpan.FromTicks(Math.Min(_rto.Ticks * 2, _options.RtoMax.Ticks));
        return true;
    }
}
