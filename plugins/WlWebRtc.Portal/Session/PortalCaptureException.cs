namespace WlWebRtc.Portal.Session;

/// <summary>The portal refused or ended the screen cast (cancelled, denied, session closed, bus lost).</summary>
internal sealed class PortalCaptureException : Exception
{
    public PortalCaptureException()
    {
    }

    public PortalCaptureException(string message)
        : base(message)
    {
    }

    public PortalCaptureException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
