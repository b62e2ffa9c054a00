namespace WlWebRtc.Encoders;

/// <summary>An encoder could not be created or failed; the message says why (with the native library's own words where there are any).</summary>
public sealed class VideoEncoderException : Exception
{
    /// <summary>Creates the exception.</summary>
    public VideoEncoderException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public VideoEncoderException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public VideoEncoderException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
