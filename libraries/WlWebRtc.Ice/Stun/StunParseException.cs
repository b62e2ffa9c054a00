namespace WlWebRtc.Ice.Stun;

/// <summary>Bytes from the network that are not a well-formed STUN message, ChannelData message or attribute value.</summary>
public sealed class StunParseException : Exception
{
    public StunParseException()
    {
    }

    public StunParseException(string message)
        : base(message)
    {
    }

    public StunParseException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
