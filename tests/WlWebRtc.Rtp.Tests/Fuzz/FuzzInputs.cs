namespace WlWebRtc.Rtp.Tests.Fuzz;

/// <summary>Deterministic random and mutated inputs (seeded, so a failure reproduces).</summary>
internal static class FuzzInputs
{
    public const int Count = 100_000;

    public static IEnumerable<byte[]> Generate(int seed, IReadOnlyList<byte[]> seeds, int count = Count)
    {
        var random = new Random(seed);
        for (var n = 0; n < count; n++)
        {
            if (n % 2 == 0 || seeds.Count == 0)
            {
                var data = new byte[random.Next(0, 300)];
                random.NextBytes(data);

                // Mostly version 2, so the parsers get past the first check.
                if (data.Length > 0 && random.Next(4) != 0)
                {
                    data[0] = (byte)((data[0] & 0x3F) | 0x80);
                }

                yield return data;
                continue;
            }

            var input = seeds[random.Next(seeds.Count)].ToList();
            var mutations = random.Next(1, 6);
            for (var m = 0; m < mutations && input.Count > 0; m++)
            {
                switch (random.Next(5))
                {
                    case 0:
                        input[random.Next(input.Count)] ^= (byte)(1 << random.Next(8));
                        break;
                    case 1:
                        input[random.Next(input.Count)] = (byte)random.Next(256);
                        break;
                    case 2:
                        // Truncate or cut a few bytes out of the middle.
                        var at = random.Next(input.Count);
                        input.RemoveRange(at, Math.Min(input.Count - at, random.Next(1, 9)));
                        break;
                    case 3:
                        var extra = new byte[random.Next(1, 16)];
                        random.NextBytes(extra);
                        input.InsertRange(random.Next(input.Count + 1), extra);
                        break;
                    default:
                        // Length fields are where parsers go wrong: set a 16-bit field to an extreme.
                        if (input.Count >= 4)
                        {
                            var field = random.Next(input.Count - 1);
                            var value = random.Next(3) switch { 0 => 0, 1 => 0xFFFF, _ => random.Next(0x10000) };
                            input[field] = (byte)(value >> 8);
                            input[field + 1] = (byte)value;
                        }

                        break;
                }
            }

            yield return [.. input];
        }
    }
}
