namespace WlWebRtc.DBus.Portals;

/// <summary>The portal's Request.Response code (org.freedesktop.portal.Request).</summary>
public enum PortalResponse : uint
{
    Success = 0,
    Cancelled = 1,
    Failed = 2,
}

/// <summary>A portal request answered with a non-zero response: cancelled by the user, or denied/failed.</summary>
public sealed class PortalRequestException : Exception
{
    public PortalRequestException()
    {
    }

    public PortalRequestException(string message)
        : base(message)
    {
    }

    public PortalRequestException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public PortalRequestException(string method, PortalResponse response)
        : base(response switch
        {
            PortalResponse.Cancelled => $"The portal request {method} was cancelled by the user (response 1): nothing will be shared.",
            PortalResponse.Failed => $"The portal request {method} was denied or failed (response 2): the compositor or its portal backend refused it.",
            _ => $"The portal request {method} ended with the unknown response {(uint)response}.",
        })
    {
        Method = method;
        Response = response;
    }

    public string Method { get; } = string.Empty;

    public PortalResponse Response { get; }
}
