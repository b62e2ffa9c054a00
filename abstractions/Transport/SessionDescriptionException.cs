namespace WlWebRtc.Transport;

/// <summary>An SDP was malformed or could not be accepted; the message says which line and why.</summary>
public sealed class SessionDescriptionException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SessionDescriptionException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public SessionDescriptionException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public SessionDescriptionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
