using WlWebRtc.DBus.Protocol;

namespace WlWebRtc.DBus.Tests.Protocol;

/// <summary>
/// At least 10^5 random and mutated messages fed to the decoder: each must decode or fail with
/// <see cref="DBusProtocolException"/> — no other exception, no hang, no allocation beyond the input's size.
/// </summary>
public sealed class FuzzTests
{
    private const int Iterations = 120_000;

    [Fact]
    public void Decode_RandomAndMutatedMessages_OnlyCleanProtocolErrors()
    {
        var random = new Random(424242);
        var seeds = BuildSeeds(random);
        var fds = new[] { new UnixFdHandle(-1, ownsHandle: false), new UnixFdHandle(-1, ownsHandle: false) };
        var decoded = 0;
        var rejected = 0;
        for (var i = 0; i < Iterations; i++)
        {
            var input = (i % 10) switch
            {
                0 => RandomBytes(random),
                1 => WithValidPrefix(random, RandomBytes(random)),
                _ => Mutate(random, seeds[random.Next(seeds.Count)]),
            };
            // Seeds carry one descriptor; sometimes hand the decoder too many or none.
            var announcedFds = (random.Next(8)) switch
            {
                0 => fds,
                1 => [],
                _ => fds[..1],
            };
            try
            {
                var length = MessageCodec.GetMessageLength(input, 1 << 20);
                if (length != input.Length)
                {
                    rejected++;
                    continue;
                }

                var message = MessageCodec.Decode(input, announcedFds);
                Assert.NotNull(message.Body);
                decoded++;
            }
            catch (DBusProtocolException)
            {
                rejected++;
            }
            catch (Exception e) when (e is not Xunit.Sdk.XunitException)
            {
                Assert.Fail($"Input {i} ({Convert.ToHexString(input)}) threw {e.GetType().Name}: {e.Message}");
            }
        }

        Assert.Equal(Iterations, decoded + rejected);
        Assert.True(decoded > 1000, $"Only {decoded} inputs decoded: the mutations are too destructive to reach the body reader.");
        Assert.True(rejected > 1000, $"Only {rejected} inputs were rejected.");
    }

    private static List<byte[]> BuildSeeds(Random random)
    {
        var seeds = new List<byte[]>();
        for (var i = 0; i < 200; i++)
        {
            var type = Values.RandomSignature(random, 3);
            var message = DBusMessage.CreateSignal("/a/b", "org.example.I", "M", type + "h", [Values.RandomValue(random, type), new DummyHandle()]);
            var handles = new List<System.Runtime.InteropServices.SafeHandle>();
            var bytes = MessageCodec.Encode(message, (uint)i + 1, handles);
            seeds.Add(bytes);
        }

        return seeds;
    }

    private static byte[] Mutate(Random random, byte[] seed)
    {
        var bytes = (byte[])seed.Clone();
        var mutations = 1 + random.Next(4);
        for (var m = 0; m < mutations; m++)
        {
            switch (random.Next(6))
            {
                case 0 when bytes.Length > 0:
                    bytes[random.Next(bytes.Length)] ^= (byte)(1 << random.Next(8));
                    break;
                case 1 when bytes.Length > 0:
                    bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
                    break;
                case 2 when bytes.Length > 0:
                    Array.Resize(ref bytes, random.Next(bytes.Length));
                    break;
                case 3 when bytes.Length > 4:
                    // A random 32-bit length somewhere: the classic attack on length-prefixed formats.
                    var offset = random.Next(bytes.Length - 4) & ~3;
                    BitConverter.TryWriteBytes(bytes.AsSpan(offset), random.Next(2) == 0 ? uint.MaxValue - (uint)random.Next(16) : (uint)random.Next(1 << 27));
                    break;
                case 4 when bytes.Length > 0:
                    bytes[0] = (byte)'B';
                    break;
                default:
                    break;
            }
        }

        return bytes;
    }

    private static byte[] RandomBytes(Random random)
    {
        var bytes = new byte[random.Next(96)];
        random.NextBytes(bytes);
        return bytes;
    }

    private static byte[] WithValidPrefix(Random random, byte[] tail)
    {
        var header = MarshallingTests.Hex("6c 04 00 01 00000000 01000000 00000000");
        header[1] = (byte)(1 + random.Next(4));
        BitConverter.TryWriteBytes(header.AsSpan(4), (uint)random.Next(64));
        BitConverter.TryWriteBytes(header.AsSpan(12), (uint)random.Next(64));
        return [.. header, .. tail];
    }

    private sealed class DummyHandle() : System.Runtime.InteropServices.SafeHandle(5, ownsHandle: false)
    {
        public override bool IsInvalid => false;

        protected override bool ReleaseHandle() => true;
    }
}
