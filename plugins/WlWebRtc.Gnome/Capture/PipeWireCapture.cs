using Microsoft.Extensions.Logging;
using WlWebRtc.Capture;
using WlWebRtc.PipeWire.Capture;

namespace WlWebRtc.Gnome.Capture;

/// <summary>
/// The seam to the PipeWire consumer (libraries/WlWebRtc.PipeWire, shared with the portal plugin):
/// the only file of this assembly that names its types.
/// </summary>
internal static class PipeWireCapture
{
    /// <summary>Whether libpipewire could be loaded, or why not.</summary>
    public static string? Unavailable => WlWebRtc.PipeWire.Interop.PipeWire.Unavailable;

    /// <summary>The default PipeWire socket, where the compositor publishes its casts.</summary>
    public static string DefaultSocketPath() => PipeWireSocket.DefaultPath();

    /// <summary>A capture of <paramref name="nodeId"/> on the default PipeWire socket (Mutter publishes its streams there; no portal fd).</summary>
    public static Capture Create(string socketPath, uint nodeId, string description, CaptureRequest request, bool cursorMetadata, TimeProvider time, ILogger logger)
    {
        var source = new PipeWireCaptureSource(PipeWireSocket.Connect(socketPath, nodeId, description), request, cursorMetadata, time, logger);
        return new Capture(source);
    }

    /// <summary>A running PipeWire capture and the extra calls the GNOME source needs: end it with a reason, ask for a size.</summary>
    internal sealed class Capture(PipeWireCaptureSource source) : IAsyncDisposable
    {
        public ICaptureSource Source => source;

        public void Fail(string reason) => source.OnSessionClosed(reason);

        /// <summary>Negotiates the stream's format again asking for this size (0, or a negative errno).</summary>
        public int RequestSize(int width, int height) => source.RequestSize(width, height);

        /// <summary>The negotiated size, once there is a format.</summary>
        public (int Width, int Height)? NegotiatedSize => source.Format is { } format ? (format.Width, format.Height) : null;

        public ValueTask DisposeAsync() => source.DisposeAsync();
    }
}
