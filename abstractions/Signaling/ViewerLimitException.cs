namespace WlWebRtc.Signaling;

/// <summary>The server has as many viewers as it is configured to take.</summary>
public sealed class ViewerLimitException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ViewerLimitException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public ViewerLimitException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public ViewerLimitException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
