namespace WlWebRtc.Sway;

/// <summary>sway's IPC could not be reached, answered something unreadable, or refused a command (the message says which).</summary>
public sealed class SwayIpcException : Exception
{
    public SwayIpcException()
    {
    }

    public SwayIpcException(string message)
        : base(message)
    {
    }

    public SwayIpcException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
