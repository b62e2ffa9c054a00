using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace WlWebRtc.Signaling.WebSocket.Viewer;

/// <summary>
/// The built-in viewer's files, embedded in this assembly (no npm build) and served from memory at <c>/</c> with
/// an ETag and a strict Content-Security-Policy. The page loads ES modules, so every <c>.js</c> file must go out as
/// <c>text/javascript</c> (browsers refuse module scripts of any other type, and <c>nosniff</c> is set).
/// </summary>
internal static class ViewerFiles
{
    private const string ResourcePrefix = "viewer/";

    private static readonly Dictionary<string, string> ContentTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        [".html"] = "text/html; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".svg"] = "image/svg+xml",
    };

    /// <summary>Marks where index.html names the WebSocket endpoint.</summary>
    private const string SignalingPathPlaceholder = "{{signaling-path}}";

    /// <summary>Every embedded viewer file by its URL path (index.html also at <c>/</c>).</summary>
    public static IReadOnlyDictionary<string, ViewerFile> Load(string signalingPath)
    {
        var assembly = typeof(ViewerFiles).Assembly;
        var files = new Dictionary<string, ViewerFile>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var memory = new MemoryStream();
            stream.CopyTo(memory);
            var bytes = memory.ToArray();
            var fileName = name[ResourcePrefix.Length..];
            if (fileName.EndsWith(".html", StringComparison.Ordinal))
            {
                var html = System.Text.Encoding.UTF8.GetString(bytes).Replace(SignalingPathPlaceholder, System.Net.WebUtility.HtmlEncode(signalingPath), StringComparison.Ordinal);
                bytes = System.Text.Encoding.UTF8.GetBytes(html);
            }

            var type = ContentTypes.GetValueOrDefault(Path.GetExtension(fileName), "application/octet-stream");
            var etag = "\"" + Convert.ToHexStringLower(SHA256.HashData(bytes).AsSpan(0, 8)) + "\"";
            files["/" + fileName] = new ViewerFile(bytes, type, etag);
        }

        if (files.TryGetValue("/index.html", out var index))
        {
            files["/"] = index;
        }

        return files;
    }

    public static void Map(IEndpointRouteBuilder endpoints, IReadOnlyDictionary<string, ViewerFile> files)
    {
        foreach (var (path, file) in files)
        {
            endpoints.MapMethods(path, ["GET", "HEAD"], context => ServeAsync(context, file)).WithDisplayName("wlwebrtc viewer " + path);
        }
    }

    private static Task ServeAsync(HttpContext context, ViewerFile file)
    {
        var headers = context.Response.Headers;
        headers.ETag = file.ETag;
        headers.CacheControl = "no-cache";
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers.ContentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self' ws: wss:; media-src 'self' blob:; frame-ancestors 'none'";
        if (context.Request.Headers.IfNoneMatch.ToString() == file.ETag)
        {
            context.Response.StatusCode = StatusCodes.Status304NotModified;
            return Task.CompletedTask;
        }

        context.Response.ContentType = file.ContentType;
        context.Response.ContentLength = file.Content.Length;
        return HttpMethods.IsHead(context.Request.Method) ? Task.CompletedTask : context.Response.Body.WriteAsync(file.Content, context.RequestAborted).AsTask();
    }
}

/// <summary>One viewer file in memory.</summary>
internal sealed record ViewerFile(byte[] Content, string ContentType, string ETag);
