using Microsoft.Extensions.Logging;
using WlWebRtc.Capture;
using WlWebRtc.PipeWire.Capture;

namespace WlWebRtc.Kde.Capture;

/// <summary>
/// The seam to the PipeWire consumer (libraries/WlWebRtc.PipeWire, shared with the portal and GNOME plugins): the only
/// file of this assembly that names its types.
/// </summary>
internal static class PipeWireCapture
{
    /// <summary>Whether libpipewire could be loaded, or why not.</summary>
    public static string? Unavailable => WlWebRtc.PipeWire.Interop.PipeWire.Unavailable;

    /// <summary>The default PipeWire socket, where the compositor publishes its casts.</summary>
    public static string DefaultSocketPath() => PipeWireSocket.DefaultPath();

    /// <summary>A capture of KWin's <paramref name="cast"/> node on <paramref name="socketPath"/>; disposing the capture ends the cast.</summary>
    public static Capture Create(string socketPath, KwinScreenCast cast, string description, CaptureRequest request, TimeProvider time, ILogger logger)
    {
        var source = new PipeWireCaptureSource(PipeWireSocket.Connect(socketPath, cast.NodeId, description), request, cursorMetadata: false, time, logger, session: cast);
        _ = cast.Ended.ContinueWith(t => source.OnSessionClosed(t.Result), CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return new Capture(source);
    }

    /// <summary>A PipeWire capture of a KWin screencast.</summary>
    internal sealed class Capture(PipeWireCaptureSource source)
    {
        public ICaptureSource Source => source;
    }
}
