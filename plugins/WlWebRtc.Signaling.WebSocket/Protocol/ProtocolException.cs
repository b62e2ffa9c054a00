namespace WlWebRtc.Signaling.WebSocket.Protocol;

/// <summary>A viewer's message was refused; <see cref="Code"/> is the error code sent back (see PROTOCOL.md).</summary>
internal sealed class ProtocolException : Exception
{
    public ProtocolException()
        : this(ErrorCodes.BadMessage, "bad message")
    {
    }

    public ProtocolException(string message)
        : this(ErrorCodes.BadMessage, message)
    {
    }

    public ProtocolException(string message, Exception innerException)
        : base(message, innerException) => Code = ErrorCodes.BadMessage;

    public ProtocolException(string code, string message)
        : base(message) => Code = code;

    public string Code { get; }
}
