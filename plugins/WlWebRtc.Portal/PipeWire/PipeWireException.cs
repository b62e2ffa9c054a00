namespace WlWebRtc.Portal.PipeWire;

/// <summary>PipeWire failed (library missing, connection lost, stream error); the message says what.</summary>
internal sealed class PipeWireException : Exception
{
    public PipeWireException()
    {
    }

    public PipeWireException(string message)
        : base(message)
    {
    }

    public PipeWireException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
