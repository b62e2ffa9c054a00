using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using WlWebRtc.Testing.Server;

namespace WlWebRtc.Bench.E2e;

/// <summary>Serves the files of one folder (the page and the modules it imports) on a free loopback port.</summary>
internal static class PageHost
{
    public static Task<LoopbackKestrel> StartAsync(string folder)
    {
        var root = Path.GetFullPath(folder);
        return LoopbackKestrel.StartAsync(endpoints => endpoints.MapGet("/{name}", (string name) =>
        {
            var file = Path.Combine(root, Path.GetFileName(name));
            if (!File.Exists(file))
            {
                return Results.NotFound();
            }

            var type = Path.GetExtension(file) == ".js" ? "text/javascript" : "text/html; charset=utf-8";
            return Results.File(file, type);
        }));
    }
}
