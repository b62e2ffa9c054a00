using Microsoft.Extensions.Logging;

namespace WlWebRtc.Sctp;

/// <summary>Counts and logs what the association drops or refuses, by kind, so that every part counts alike.</summary>
internal sealed partial class DropLog(Counters counters, ILogger logger)
{
    /// <summary>A packet or chunk that does not parse or breaks a structural rule.</summary>
    public void Malformed(string reason)
    {
        counters.MalformedPackets++;
        counters.PacketsDropped++;
        Log.Dropped(logger, reason);
    }

    /// <summary>A packet or chunk that is valid but not expected in the current state.</summary>
    public void OutOfState(string reason)
    {
        counters.OutOfStatePackets++;
        counters.PacketsDropped++;
        Log.Dropped(logger, reason);
    }

    /// <summary>DATA we had no room for: not acknowledged, so the peer retransmits it (RFC 9260 §6.2).</summary>
    public void RefusedData(string reason)
    {
        counters.DataChunksRefused++;
        Log.Dropped(logger, reason);
    }

    /// <summary>Logs a drop the caller counted itself.</summary>
    public void Counted(string reason) => Log.Dropped(logger, reason);

    private static partial class Log
    {
        [LoggerMessage(EventId = EventIds.PacketDropped, Level = LogLevel.Debug, Message = "SCTP packet dropped: {Reason}")]
        public static partial void Dropped(ILogger logger, string reason);
    }
}
