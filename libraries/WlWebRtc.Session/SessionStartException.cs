namespace WlWebRtc.Session;

/// <summary>The headless session could not start: a program is missing, a component exited or did not get ready.</summary>
public sealed class SessionStartException : Exception
{
    public SessionStartException()
    {
    }

    public SessionStartException(string message)
        : base(message)
    {
    }

    public SessionStartException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
