namespace WlWebRtc.Wayland;

/// <summary>The compositor refused something (wl_display.error), closed the connection, or sent malformed data.</summary>
internal sealed class WaylandProtocolException : IOException
{
    public WaylandProtocolException()
    {
    }

    public WaylandProtocolException(string message)
        : base(message)
    {
    }

    public WaylandProtocolException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
