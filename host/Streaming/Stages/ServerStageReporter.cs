using Microsoft.Extensions.Logging;
using WlWebRtc.RemoteInput.Protocol;

namespace WlWebRtc.Host.Streaming.Stages;

/// <summary>
/// Sends each viewer the server's per-stage latency of its frames (<c>stages</c>, docs/input-protocol.md) every
/// <see cref="Interval"/>, so the viewer's statistics overlay shows the whole capture → display budget beside the
/// browser's own stages. One small message per viewer and interval, whatever the frame rate; a viewer without any
/// sample yet gets nothing. Runs on a timer of <see cref="TimeProvider"/>; every report is contained.
/// </summary>
internal sealed partial class ServerStageReporter : IDisposable
{
    /// <summary>How often each viewer gets its stages: the overlay refreshes once a second.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    private readonly Func<IEnumerable<(string ViewerId, ServerStages Stages)>> _read;
    private readonly Action<string, ReadOnlyMemory<byte>> _send;
    private readonly ILogger _logger;
    private readonly ITimer _timer;
    private long _sent;

    /// <param name="read">The viewers to report to now (input channel open), each with its stages.</param>
    /// <param name="send">Sends a message on a viewer's input channel.</param>
    /// <param name="time">The clock the reports follow.</param>
    /// <param name="logger">Where a failed report is logged.</param>
    public ServerStageReporter(Func<IEnumerable<(string ViewerId, ServerStages Stages)>> read, Action<string, ReadOnlyMemory<byte>> send, TimeProvider time, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(read);
        ArgumentNullException.ThrowIfNull(send);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        _read = read;
        _send = send;
        _logger = logger;
        _timer = time.CreateTimer(_ => Report(), null, Interval, Interval);
    }

    /// <summary>Messages sent since the start.</summary>
    public long Sent => Interlocked.Read(ref _sent);

    /// <summary>Sends every viewer its stages now (the timer calls it every <see cref="Interval"/>).</summary>
    public void Report()
    {
        try
        {
            foreach (var (viewerId, stages) in _read())
            {
                if (!stages.HasAny)
                {
                    continue;
                }

                _send(viewerId, StageMessages.Stages(stages));
                Interlocked.Increment(ref _sent);
            }
        }
// Catch-all on purpose (see CONTRIBUTING.md, containment): a timer thread calls; a viewer that went away while its stages were read must not end the reports of the others.
        catch (Exception ex)
        {
            Log.ReportFailed(_logger, ex);
        }
    }

    public void Dispose() => _timer.Dispose();

    private static partial class Log
    {
        [LoggerMessage(EventIds.StageReportFailed, LogLevel.Debug, "Sending the server's stages to the viewers failed")]
        public static partial void ReportFailed(ILogger logger, Exception exception);
    }
}
