using Microsoft.Extensions.Logging.Abstractions;
using WlWebRtc.RemoteInput.Tests.Support;
using WlWebRtc.RemoteInput.Protocol;

namespace WlWebRtc.RemoteInput.Tests;

/// <summary>Random and mutated viewer messages: nothing escapes, every message is either accepted or dropped with a reason.</summary>
public sealed class InputRouterFuzzTests
{
    private static readonly string[] Seeds =
    [
        """{"t":"pm","x":0.5,"y":0.5}""",
        """{"t":"pr","dx":-4,"dy":2.5}""",
        """{"t":"pb","b":0,"d":true}""",
        """{"t":"pb","b":0,"d":false}""",
        """{"t":"pw","dx":0,"dy":-120,"m":0}""",
        """{"t":"pw","dx":3,"dy":0,"m":1}""",
        """{"t":"k","c":"KeyA","d":true}""",
        """{"t":"k","c":"KeyA","d":false}""",
        """{"t":"k","c":"ShiftLeft","d":true}""",
        """{"t":"ra"}""",
        """{"t":"ping","id":1,"ts":1000.5}""",
        """{"t":"pong","id":1,"ts":1000.5}""",
    ];

    private static readonly byte[] Interesting = System.Text.Encoding.UTF8.GetBytes("{}[]\":,.-+eE0123456789tfnulx\\ \u00e9");

    [Fact]
    public void OnMessage_HundredThousandMutatedMessages_NothingEscapesAndEveryMessageCounted()
    {
        const int count = 120_000;
        var injector = new RecordingInjector();
        var replies = 0;
        var router = new InputRouter(injector, (_, _) => replies++, new InputRouterOptions(EventsPerSecond: 1e9, Burst: 1e9), TimeProvider.System, NullLogger<InputRouter>.Instance);
        var random = new Random(20240607);

        for (var i = 0; i < count; i++)
        {
            var message = Mutate(random, System.Text.Encoding.UTF8.GetBytes(Seeds[random.Next(Seeds.Length)]));
            router.OnMessage("v" + (i % 3), hasControl: i % 7 != 0, message);
            if (i % 10_000 == 0)
            {
                router.OnViewerGone("v" + random.Next(3));
            }
        }

        var stats = router.GetStats();
        Assert.Equal(count, stats.Accepted + stats.DroppedTotal);
        Assert.True(stats.Accepted > count / 20, $"only {stats.Accepted} accepted");
        Assert.True(stats.Dropped.GetValueOrDefault(DropReason.Malformed) > count / 20, "few malformed: the mutations are too mild");
        Assert.True(stats.Dropped.ContainsKey(DropReason.NotControl));
        Assert.True(stats.Dropped.ContainsKey(DropReason.OutOfRange) || stats.Dropped.ContainsKey(DropReason.UnknownCode));
        Assert.True(replies > 0);
    }

    [Fact]
    public void TryParse_RandomBytes_NeverThrows()
    {
        var random = new Random(7);
        var buffer = new byte[64];
        var dropped = 0;
        for (var i = 0; i < 100_000; i++)
        {
            var length = random.Next(buffer.Length);
            random.NextBytes(buffer.AsSpan(0, length));
            if (!InputMessageParser.TryParse(buffer.AsSpan(0, length), out _, out _))
            {
                dropped++;
            }
        }

        Assert.True(dropped > 99_000);
    }

    private static byte[] Mutate(Random random, byte[] seed)
    {
        var bytes = new List<byte>(seed);
        var mutations = random.Next(0, 4); // 0: the seed itself
        for (var m = 0; m < mutations && bytes.Count > 0; m++)
        {
            var at = random.Next(bytes.Count);
            switch (random.Next(6))
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
                case 4:
                    bytes.RemoveRange(at, bytes.Count - at); // truncated
                    break;
                default:
                    var digits = System.Text.Encoding.UTF8.GetBytes(random.Next(4) switch { 0 => "1e308", 1 => "-0.000001", 2 => "99999999999", _ => "NaN" });
                    bytes.InsertRange(at, digits);
                    break;
            }
        }

        return [.. bytes];
    }
}
