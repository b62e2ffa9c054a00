namespace WlWebRtc.Publish.Whip.Http;

/// <summary>The WHIP endpoint did not take the offer: its status and reason, or why it could not be reached.</summary>
public sealed class WhipEndpointException : Exception
{
    /// <summary>Creates the exception.</summary>
    public WhipEndpointException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public WhipEndpointException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public WhipEndpointException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for an HTTP answer.</summary>
    public WhipEndpointException(int status, string message, TimeSpan? retryAfter)
        : base(message)
    {
        Status = status;
        RetryAfter = retryAfter;
    }

    /// <summary>The HTTP status, or null when there was no answer.</summary>
    public int? Status { get; }

    /// <summary>The endpoint refused the publisher (4xx other than 408 and 429): trying again as is will not help soon.</summary>
    public bool IsRefusal => Status is >= 400 and < 500 and not 408 and not 429;

    /// <summary>The endpoint's Retry-After, if it gave one.</summary>
    public TimeSpan? RetryAfter { get; }
}
