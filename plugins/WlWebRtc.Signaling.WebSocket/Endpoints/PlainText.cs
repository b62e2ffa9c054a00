using Microsoft.AspNetCore.Http;

namespace WlWebRtc.Signaling.WebSocket.Endpoints;

/// <summary>A short plain-text response that says what went wrong.</summary>
internal static class PlainText
{
    public static Task WriteAsync(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(message + "\n", context.RequestAborted);
    }
}
