using Microsoft.Extensions.Logging;

namespace WlWebRtc.Host.Hardware;

/// <summary>
/// Runs one detector off the caller's thread with a time limit, and turns every failure into the detector's
/// "absent" result, so that a broken driver or a hung native call costs at most the limit, never an exception.
/// </summary>
internal sealed partial class DetectionGuard(TimeSpan limit, ILogger logger)
{
    public TimeSpan Limit => limit;

    /// <summary>Runs a blocking detector (file reads, native calls) on the thread pool.</summary>
    public Task<T> RunBlockingAsync<T>(string component, Func<CancellationToken, T> detect, Func<string, T> absent, CancellationToken cancellationToken) =>
        RunAsync(component, token => Task.Run(() => detect(token), token), absent, cancellationToken);

    /// <summary>
    /// Runs an asynchronous detector. Only the caller's cancellation escapes as an exception; a timeout or any
    /// failure of the detector becomes <paramref name="absent"/> with the reason in words.
    /// </summary>
    public async Task<T> RunAsync<T>(string component, Func<CancellationToken, Task<T>> detect, Func<string, T> absent, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(limit);
        try
        {
            // WaitAsync also bounds detectors that ignore the token (a native call cannot be interrupted):
            // such a call is abandoned and finishes in the background.
            return await detect(timeout.Token).WaitAsync(limit, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException)
        {
            var reason = $"timed out after {limit.TotalSeconds:0.###} s";
            Log.DetectorTimedOut(logger, component, limit.TotalMilliseconds);
            return absent(reason);
        }
// Catch-all on purpose (see CONTRIBUTING.md, containment): a detector failure of any kind is reported as "absent", never thrown
        catch (Exception ex)
        {
            Log.DetectorFailed(logger, ex, component);
            return absent($"detection failed: {ex.GetType().Name}: {ex.Message}");
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = EventIds.HardwareDetectorTimedOut, Level = LogLevel.Warning, Message = "Hardware detector {Component} timed out after {LimitMs} ms; reporting it absent")]
        public static partial void DetectorTimedOut(ILogger logger, string component, double limitMs);

        [LoggerMessage(EventId = EventIds.HardwareDetectorFailed, Level = LogLevel.Warning, Message = "Hardware detector {Component} failed; reporting it absent")]
        public static partial void DetectorFailed(ILogger logger, Exception exception, string component);
    }
}
