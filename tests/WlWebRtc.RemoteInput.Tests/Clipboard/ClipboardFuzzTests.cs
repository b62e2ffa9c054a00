using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using WlWebRtc.RemoteInput.Clipboard;
using WlWebRtc.RemoteInput.Tests.Support;

namespace WlWebRtc.RemoteInput.Tests.Clipboard;

/// <summary>Random and mutated clipboard messages: nothing escapes, nothing reaches the desktop that was not a whole, valid item.</summary>
public sealed class ClipboardFuzzTests
{
    private static readonly string[] Seeds =
    [
        """{"t":"begin","id":1,"mime":"text/plain","size":5}""",
        """{"t":"chunk","id":1,"d":"aGVsbG8="}""",
        """{"t":"begin","id":2,"mime":"image/png","size":8}""",
        """{"t":"chunk","id":2,"d":"iVBORw0KGgo="}""",
        """{"t":"begin","id":3,"mime":"text/plain;charset=utf-8","size":0}""",
        """{"t":"chunk","id":1,"d":""}""",
    ];

    private static readonly byte[] Interesting = Encoding.UTF8.GetBytes("{}[]\":,.-+eE0123456789tfnul=/+\\ \u00e9AZaz");

    [Fact]
    public async Task OnMessage_HundredThousandMutatedMessages_NothingEscapesAndOnlyValidItemsReachTheDesktop()
    {
        const int count = 120_000;
        var desktop = new FakeSessionClipboard();
        var replies = 0;
        var options = new ClipboardOptions(ClipboardDirection.Both, 64) { MessagesPerSecond = 1e9, Burst = 1e9 };
        await using var router = new ClipboardRouter(desktop, (_, _) => { Interlocked.Increment(ref replies); return ValueTask.CompletedTask; }, options, TimeProvider.System, NullLogger<ClipboardRouter>.Instance);
        var random = new Random(20261205);
        for (var i = 0; i < count; i++)
        {
            var message = Mutate(random, Encoding.UTF8.GetBytes(Seeds[random.Next(Seeds.Length)]));
            router.OnMessage("v" + (i % 3), hasControl: i % 11 != 0, message);
            if (i % 10_000 == 0)
            {
                router.OnViewerGone("v" + random.Next(3));
            }
        }

        await router.WhenIdleAsync();
        var stats = router.GetStats();
        Assert.True(stats.ItemsToDesktop > 100, $"only {stats.ItemsToDesktop} items set");
        Assert.True(router.RefusedFor(ClipboardDropReason.Malformed) > count / 20, "few malformed: the mutations are too mild");
        Assert.True(router.RefusedFor(ClipboardDropReason.NotControl) > 0);
        Assert.True(replies > 0);
        foreach (var (mimeType, data) in desktop.Set)
        {
            Assert.True(data.Length <= 64);
            Assert.True(ClipboardMimeTypes.IsValid(mimeType, data), $"{mimeType} of {data.Length} bytes is not valid");
        }
    }

    [Fact]
    public void TryParse_RandomBytes_NeverThrows()
    {
        var random = new Random(11);
        var buffer = new byte[96];
        var dropped = 0;
        for (var i = 0; i < 100_000; i++)
        {
            var length = random.Next(buffer.Length);
            random.NextBytes(buffer.AsSpan(0, length));
            if (!ClipboardMessageParser.TryParse(buffer.AsSpan(0, length), 16, out _, out _))
            {
                dropped++;
            }
        }

        Assert.True(dropped > 99_000);
    }

    [Theory]
    [InlineData("""{"t":"chunk","id":1,"d":"aGVsbG8="}""", true)]
    [InlineData("""{"t":"chunk","id":1,"d":"aGVsbG8"}""", false)]
    [InlineData("""{"t":"chunk","id":1,"d":"aGV\u0073bG8="}""", false)]
    [InlineData("""{"t":"chunk","id":1.5,"d":""}""", false)]
    [InlineData("""{"t":"chunk","id":-1,"d":""}""", false)]
    [InlineData("""{"t":"begin","id":1,"mime":"text/plain","size":1e20}""", false)]
    [InlineData("""{"t":"begin","id":1,"mime":"text/plain","size":5,"size":6}""", false)]
    [InlineData("""{"t":"begin","id":1,"mime":{"a":1},"size":5}""", false)]
    [InlineData("""{"t":"begin","id":1,"mime":"text/plain","size":5,"extra":[1,{"x":2}]}""", true)]
    [InlineData("""{"t":"begin","id":1,"size":5}""", false)]
    [InlineData("""{"t":"nope","id":1}""", false)]
    [InlineData("""[1]""", false)]
    [InlineData("""{"t":"begin","id":1,"mime":"text/plain","size":5} x""", false)]
    public void TryParse_Examples_AcceptedOrRefused(string json, bool accepted)
    {
        Assert.Equal(accepted, ClipboardMessageParser.TryParse(Encoding.UTF8.GetBytes(json), 16, out _, out _));
    }

    [Fact]
    public void TryParse_ChunkLargerThanChunkBytes_Refused()
    {
        var json = Encoding.UTF8.GetBytes($$"""{"t":"chunk","id":1,"d":"{{Convert.ToBase64String(new byte[17])}}"}""");
        Assert.False(ClipboardMessageParser.TryParse(json, 16, out _, out _));
        Assert.True(ClipboardMessageParser.TryParse(json, 17, out var message, out _));
        Assert.Equal(17, message.Data!.Length);
    }

    private static byte[] Mutate(Random random, byte[] seed)
    {
        var bytes = new List<byte>(seed);
        var mutations = random.Next(0, 4); // 0: the seed itself
        for (var m = 0; m < mutations && bytes.Count > 0; m++)
        {
            var at = random.Next(bytes.Count);
            switch (random.Next(5))
            {
                case 0:
                    bytes[at] = Interesting[random.Next(Interesting.Length)];
                    break;
                case 1:
                    bytes.RemoveAt(at);
                    break;
                case 2:
                    bytes.Insert(at, Interesting[random.Next(Interesting.Length)]);
                    break;
                case 3:
                    bytes[at] = (byte)random.Next(256);
                    break;
                default:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
            }
        }

        return [.. bytes];
    }
}
