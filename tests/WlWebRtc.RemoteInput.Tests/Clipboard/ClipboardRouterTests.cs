using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using WlWebRtc.RemoteInput.Clipboard;
using WlWebRtc.RemoteInput.Tests.Support;
using WlWebRtc.Testing;

namespace WlWebRtc.RemoteInput.Tests.Clipboard;

public sealed class ClipboardRouterTests : IDisposable
{
    private static readonly byte[] PngBytes = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3];

    private readonly FakeSessionClipboard _desktop = new();
    private readonly ConcurrentQueue<(string Viewer, JsonElement Message)> _sent = new();

    public void Dispose() => _desktop.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Fact]
    public async Task OnMessage_ControlViewerSendsChunkedText_DesktopSelectionSetAndAcknowledged()
    {
        await using var router = Create(new ClipboardOptions { ChunkBytes = 4 });
        router.OnChannelOpened("a", hasControl: true);
        var text = Encoding.UTF8.GetBytes("héllo wörld €");
        Send(router, "a", true, Begin(7, "text/plain", text.Length));
        for (var offset = 0; offset < text.Length; offset += 4)
        {
            Send(router, "a", true, Chunk(7, text.AsSpan(offset, Math.Min(4, text.Length - offset))));
        }

        await router.WhenIdleAsync();

        var set = Assert.Single(_desktop.Set);
        Assert.Equal("text/plain;charset=utf-8", set.MimeType);
        Assert.Equal(text, set.Data);
        Assert.Contains(Messages("a"), m => m.GetProperty("t").GetString() == "set" && m.GetProperty("id").GetInt64() == 7);
        Assert.Equal(1, router.GetStats().ItemsToDesktop);
    }

    [Fact]
    public async Task OnChannelOpened_EachRole_ControlGetsDirectionAndLimitViewOnlyGetsOff()
    {
        await using var router = Create(new ClipboardOptions(ClipboardDirection.ToDesktop, 1000));
        router.OnChannelOpened("c", hasControl: true);
        router.OnChannelOpened("v", hasControl: false);
        await router.WhenIdleAsync();

        var control = Assert.Single(Messages("c"));
        Assert.Equal("config", control.GetProperty("t").GetString());
        Assert.Equal("to_desktop", control.GetProperty("direction").GetString());
        Assert.Equal(1000, control.GetProperty("max").GetInt32());
        Assert.Equal("off", Assert.Single(Messages("v")).GetProperty("direction").GetString());
    }

    [Fact]
    public async Task OnMessage_ViewOnlyViewer_NothingReachesTheDesktopNorAnAnswer()
    {
        await using var router = Create();
        router.OnChannelOpened("v", hasControl: false);
        Send(router, "v", false, Begin(1, "text/plain", 2));
        Send(router, "v", false, Chunk(1, "hi"u8));
        await router.WhenIdleAsync();

        Assert.Empty(_desktop.Set);
        Assert.Single(Messages("v")); // the config only
        Assert.Equal(2, router.RefusedFor(ClipboardDropReason.NotControl));
    }

    [Fact]
    public async Task OnMessage_ItemOverMaxBytes_RefusedAsTooLargeBeforeAnyChunk()
    {
        await using var router = Create(new ClipboardOptions(ClipboardDirection.Both, 10));
        router.OnChannelOpened("a", hasControl: true);
        Send(router, "a", true, Begin(1, "text/plain", 11));
        Send(router, "a", true, Chunk(1, "01234567890"u8));
        await router.WhenIdleAsync();

        Assert.Empty(_desktop.Set);
        Assert.Equal(1, router.RefusedFor(ClipboardDropReason.TooLarge));
        Assert.Contains(Messages("a"), m => m.GetProperty("t").GetString() == "error" && m.GetProperty("message").GetString()!.Contains("too large", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(ClipboardDirection.ToBrowser)]
    [InlineData(ClipboardDirection.Off)]
    public async Task OnMessage_DirectionWithoutToDesktop_ItemRefused(ClipboardDirection direction)
    {
        await using var router = Create(new ClipboardOptions(direction));
        Send(router, "a", true, Begin(1, "text/plain", 0));
        await router.WhenIdleAsync();

        Assert.Empty(_desktop.Set);
        Assert.Equal(1, router.RefusedFor(ClipboardDropReason.DirectionOff));
    }

    [Fact]
    public async Task OnMessage_PngWithoutItsSignature_RefusedAsInvalid()
    {
        await using var router = Create();
        Send(router, "a", true, Begin(1, "image/png", 3));
        Send(router, "a", true, Chunk(1, "abc"u8));
        await router.WhenIdleAsync();

        Assert.Empty(_desktop.Set);
        Assert.Equal(1, router.RefusedFor(ClipboardDropReason.InvalidContent));
    }

    [Fact]
    public async Task OnMessage_PngItem_SetAsPng()
    {
        await using var router = Create();
        Send(router, "a", true, Begin(1, "image/png", PngBytes.Length));
        Send(router, "a", true, Chunk(1, PngBytes));
        await router.WhenIdleAsync();

        var set = Assert.Single(_desktop.Set);
        Assert.Equal("image/png", set.MimeType);
        Assert.Equal(PngBytes, set.Data);
    }

    [Fact]
    public async Task OnMessage_TextThatIsNotUtf8_RefusedAsInvalid()
    {
        await using var router = Create();
        Send(router, "a", true, Begin(1, "text/plain", 2));
        Send(router, "a", true, Chunk(1, [0xc3, 0x28]));
        await router.WhenIdleAsync();

        Assert.Empty(_desktop.Set);
        Assert.Equal(1, router.RefusedFor(ClipboardDropReason.InvalidContent));
    }

    [Theory]
    [InlineData("text/html")]
    [InlineData("application/octet-stream")]
    public async Task OnMessage_UnsupportedType_Refused(string mimeType)
    {
        await using var router = Create();
        Send(router, "a", true, Begin(1, mimeType, 1));
        await router.WhenIdleAsync();

        Assert.Equal(1, router.RefusedFor(ClipboardDropReason.UnsupportedType));
    }

    [Fact]
    public async Task OnMessage_ChunkOfAnotherItemOrPastTheSize_DropsTheItem()
    {
        await using var router = Create();
        Send(router, "a", true, Begin(1, "text/plain", 4));
        Send(router, "a", true, Chunk(2, "ab"u8));
        Send(router, "a", true, Chunk(1, "abcd"u8)); // the item was dropped with the stray chunk
        Send(router, "a", true, Begin(3, "text/plain", 1));
        Send(router, "a", true, Chunk(3, "ab"u8));
        await router.WhenIdleAsync();

        Assert.Empty(_desktop.Set);
        Assert.Equal(3, router.RefusedFor(ClipboardDropReason.OutOfSequence));
    }

    [Fact]
    public async Task OnMessage_BeyondTheRate_RefusedUntilTheBucketRefills()
    {
        var time = new ManualTimeProvider();
        await using var router = Create(new ClipboardOptions { MessagesPerSecond = 1, Burst = 2 }, time);
        for (var i = 0; i < 5; i++)
        {
            Send(router, "a", true, Begin(i, "text/plain", 0));
        }

        Assert.Equal(3, router.RefusedFor(ClipboardDropReason.RateLimited));
        time.Advance(TimeSpan.FromSeconds(1));
        Send(router, "a", true, Begin(9, "text/plain", 0));
        await router.WhenIdleAsync();
        Assert.Equal(3, _desktop.Set.Count);
    }

    [Fact]
    public async Task OnMessage_DesktopRefusesTheItem_ViewerToldAndServerGoesOn()
    {
        await using var router = Create();
        _desktop.FailSets = true;
        Send(router, "a", true, Begin(4, "text/plain", 0));
        await router.WhenIdleAsync();

        Assert.Contains(Messages("a"), m => m.GetProperty("t").GetString() == "error" && m.GetProperty("id").GetInt64() == 4);
        Assert.Equal(1, router.RefusedFor(ClipboardDropReason.DesktopFailed));
    }

    [Fact]
    public async Task DesktopSelectionChanged_ControlViewer_ReceivesTheItemInChunks()
    {
        await using var router = Create(new ClipboardOptions { ChunkBytes = 3 });
        router.OnChannelOpened("c", hasControl: true);
        router.OnChannelOpened("v", hasControl: false);
        var text = Encoding.UTF8.GetBytes("copied on the desktop");
        _desktop.Copy("text/plain;charset=utf-8", text);
        await router.WhenIdleAsync();

        var messages = Messages("c").Skip(1).ToList();
        var begin = messages[0];
        Assert.Equal("begin", begin.GetProperty("t").GetString());
        Assert.Equal("text/plain;charset=utf-8", begin.GetProperty("mime").GetString());
        Assert.Equal(text.Length, begin.GetProperty("size").GetInt32());
        var content = messages.Skip(1).SelectMany(m => m.GetProperty("d").GetBytesFromBase64()).ToArray();
        Assert.Equal(text, content);
        Assert.Equal((text.Length + 2) / 3, messages.Count - 1);
        Assert.Single(Messages("v")); // the view-only viewer: its config, nothing else
        Assert.Equal(1, router.GetStats().ItemsToBrowsers);
    }

    [Fact]
    public async Task DesktopSelectionChanged_ImageAndText_ImageSent()
    {
        await using var router = Create();
        router.OnChannelOpened("c", hasControl: true);
        _desktop.Copy(("text/plain", "x"u8.ToArray()), ("image/png", PngBytes));
        await router.WhenIdleAsync();

        var begin = Messages("c")[1];
        Assert.Equal("image/png", begin.GetProperty("mime").GetString());
        Assert.Equal(PngBytes, Messages("c")[2].GetProperty("d").GetBytesFromBase64());
    }

    [Theory]
    [InlineData(ClipboardDirection.ToDesktop)]
    [InlineData(ClipboardDirection.Off)]
    public async Task DesktopSelectionChanged_DirectionWithoutToBrowser_NothingSent(ClipboardDirection direction)
    {
        await using var router = Create(new ClipboardOptions(direction));
        router.OnChannelOpened("c", hasControl: true);
        _desktop.Copy("text/plain", "secret"u8.ToArray());
        await router.WhenIdleAsync();

        Assert.Single(Messages("c")); // the config only
    }

    [Fact]
    public async Task DesktopSelectionChanged_LargerThanMaxBytes_ViewerToldNotSent()
    {
        await using var router = Create(new ClipboardOptions(ClipboardDirection.Both, 5));
        router.OnChannelOpened("c", hasControl: true);
        _desktop.Copy("text/plain", "too long for five"u8.ToArray());
        await router.WhenIdleAsync();

        var messages = Messages("c").Skip(1).ToList();
        Assert.Equal("error", Assert.Single(messages).GetProperty("t").GetString());
        Assert.Equal(0, router.GetStats().ItemsToBrowsers);
    }

    [Fact]
    public async Task OnViewerGone_AfterwardsTheViewerGetsNothing()
    {
        await using var router = Create();
        router.OnChannelOpened("c", hasControl: true);
        router.OnViewerGone("c");
        _desktop.Copy("text/plain", "x"u8.ToArray());
        await router.WhenIdleAsync();

        Assert.Single(Messages("c"));
    }

    internal static byte[] Begin(long id, string mimeType, int size) => JsonSerializer.SerializeToUtf8Bytes(new { t = "begin", id, mime = mimeType, size });

    internal static byte[] Chunk(long id, ReadOnlySpan<byte> data) => JsonSerializer.SerializeToUtf8Bytes(new { t = "chunk", id, d = Convert.ToBase64String(data) });

    private static void Send(ClipboardRouter router, string viewer, bool control, byte[] message) => router.OnMessage(viewer, control, message);

    private ClipboardRouter Create(ClipboardOptions? options = null, TimeProvider? time = null) =>
        new(_desktop, (viewer, message) =>
        {
            _sent.Enqueue((viewer, JsonDocument.Parse(message).RootElement.Clone()));
            return ValueTask.CompletedTask;
        }, options ?? ClipboardOptions.Default, time ?? new ManualTimeProvider(), NullLogger<ClipboardRouter>.Instance);

    private List<JsonElement> Messages(string viewer) => [.. _sent.Where(s => s.Viewer == viewer).Select(s => s.Message)];
}
