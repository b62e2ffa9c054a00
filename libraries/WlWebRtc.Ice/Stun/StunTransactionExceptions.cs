namespace WlWebRtc.Ice.Stun;

/// <summary>A STUN request got no answer within its retransmission schedule.</summary>
public sealed class StunTimeoutException : Exception
{
    public StunTimeoutException()
    {
    }

    public StunTimeoutException(string message)
        : base(message)
    {
    }

    public StunTimeoutException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>A STUN or TURN server answered a request with an error response.</summary>
public sealed class StunErrorResponseException : Exception
{
    public StunErrorResponseException()
    {
    }

    public StunErrorResponseException(string message)
        : base(message)
    {
    }

    public StunErrorResponseException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public StunErrorResponseException(int code, string reason, string message)
        : base(message)
    {
        Code = code;
        Reason = reason;
    }

    public int Code { get; }

    public string Reason { get; } = "";
}
