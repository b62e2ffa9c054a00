using Microsoft.Extensions.Configuration;
using WlWebRtc.Signaling.WebSocket.Plugin;
using WlWebRtc.Signaling.Whep.Plugin;

namespace WlWebRtc.Signaling.Tests.Limits;

public sealed class OptionsTests
{
    private static IConfiguration Settings(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    [Fact]
    public void WebSocketRead_Empty_Defaults() => Assert.Equal(WebSocketSignalingOptions.Default, WebSocketSignalingOptions.Read(Settings()).Options);

    [Fact]
    public void WebSocketRead_EveryKeyWrong_EveryErrorAtOnce()
    {
        var (options, errors) = WebSocketSignalingOptions.Read(Settings(("path", "ws"), ("max_message_bytes", "10"), ("max_sessions", "0"), ("rate_per_second", "fast"), ("burst", "-1"), ("serve_viewer", "maybe"), ("typo", "1")));
        Assert.Null(options);
        Assert.Equal(["path", "serve_viewer", "max_message_bytes", "max_sessions", "rate_per_second", "burst", "typo"], errors.Select(e => e.Key).OrderBy(k => k == "typo" ? 1 : 0).ToArray());
    }

    [Fact]
    public void WhepRead_Values_Parsed()
    {
        var (options, errors) = WhepOptions.Read(Settings(("path", "/live/whep/"), ("max_sessions", "4"), ("allowed_origins", "https://a.example, http://b.example:8080")));
        Assert.Empty(errors);
        Assert.Equal("/live/whep", options!.Path);
        Assert.Equal(4, options.MaxSessions);
        Assert.Equal(["https://a.example", "http://b.example:8080"], options.AllowedOrigins);
    }

    [Fact]
    public void WhepRead_BadValues_EveryErrorAtOnce()
    {
        var (options, errors) = WhepOptions.Read(Settings(("path", "whep"), ("max_body_bytes", "12"), ("allowed_origins", "https://a.example/path")));
        Assert.Null(options);
        Assert.Equal(["path", "max_body_bytes", "allowed_origins"], errors.Select(e => e.Key).ToArray());
    }
}
