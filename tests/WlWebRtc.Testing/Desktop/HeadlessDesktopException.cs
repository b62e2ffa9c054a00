namespace WlWebRtc.Testing.Desktop;

/// <summary>The headless desktop could not start or a helper failed; the message says which component and why.</summary>
public sealed class HeadlessDesktopException : Exception
{
    public HeadlessDesktopException()
    {
    }

    public HeadlessDesktopException(string message)
        : base(message)
    {
    }

    public HeadlessDesktopException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
