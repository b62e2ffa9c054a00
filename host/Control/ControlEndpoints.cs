using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;

namespace WlWebRtc.Host.Control;

/// <summary>The control endpoints, answered only on the Unix control socket (never on the network listener).</summary>
internal static class ControlEndpoints
{
    public const string StatusPath = "/control/status";
    public const string StopPath = "/control/stop";

    public static void Map(IEndpointRouteBuilder endpoints, Func<StatusSnapshot> status)
    {
        var group = endpoints.MapGroup(string.Empty).AddEndpointFilter(async (context, next) =>
            IsControlSocket(context.HttpContext) ? await next(context).ConfigureAwait(false) : Results.NotFound());
        group.MapGet(StatusPath, () => Results.Json(status(), StatusJsonContext.Default.StatusSnapshot));
        group.MapPost(StopPath, (IHostApplicationLifetime lifetime) =>
        {
            lifetime.StopApplication();
            return Results.Accepted();
        });
    }

    // Connections on the Unix socket have no IP endpoints.
    private static bool IsControlSocket(HttpContext context) => context.Connection.LocalIpAddress is null && context.Connection.RemoteIpAddress is null;
}
