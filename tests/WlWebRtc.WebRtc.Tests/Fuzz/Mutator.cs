namespace WlWebRtc.WebRtc.Tests.Fuzz;

/// <summary>Deterministic input mutations for the fuzz/property tests (seeded, so a failure reproduces).</summary>
internal sealed class Mutator(int seed)
{
    private readonly Random _random = new(seed);

    public Random Random => _random;

    public byte[] Mutate(byte[] input)
    {
        var data = (byte[])input.Clone();
        switch (_random.Next(7))
        {
            case 0: // flip a few bits
                for (var i = _random.Next(1, 4); i > 0 && data.Length > 0; i--)
                {
                    data[_random.Next(data.Length)] ^= (byte)(1 << _random.Next(8));
                }

                return data;
            case 1: // truncate
                return data.AsSpan(0, _random.Next(data.Length + 1)).ToArray();
            case 2: // random bytes
                var noise = new byte[_random.Next(0, 1500)];
                _random.NextBytes(noise);
                return noise;
            case 3: // overwrite a 16-bit field with an extreme value
                if (data.Length >= 2)
                {
                    var at = _random.Next(data.Length - 1);
                    var v = _random.Next(4) switch { 0 => 0, 1 => 0xFFFF, 2 => 0x8000, _ => _random.Next(65536) };
                    data[at] = (byte)(v >> 8);
                    data[at + 1] = (byte)v;
                }

                return data;
            case 4: // append garbage
                var tail = new byte[_random.Next(1, 64)];
                _random.NextBytes(tail);
                return [.. data, .. tail];
            case 5: // duplicate a slice
                if (data.Length > 4)
                {
                    var start = _random.Next(data.Length - 2);
                    var len = _random.Next(1, Math.Min(64, data.Length - start));
                    return [.. data.AsSpan(0, start + len), .. data.AsSpan(start)];
                }

                return data;
            default: // keep, but randomise one byte
                if (data.Length > 0)
                {
                    data[_random.Next(data.Length)] = (byte)_random.Next(256);
                }

                return data;
        }
    }

    public string MutateText(string text)
    {
        var lines = text.Split("\r\n").ToList();
        switch (_random.Next(8))
        {
            case 0:
                if (lines.Count > 1)
                {
                    lines.RemoveAt(_random.Next(lines.Count));
                }

                break;
            case 1:
                var i = _random.Next(lines.Count);
                lines.Insert(i, lines[_random.Next(lines.Count)]);
                break;
            case 2:
                var l = _random.Next(lines.Count);
                if (lines[l].Length > 0)
                {
                    var chars = lines[l].ToCharArray();
                    chars[_random.Next(chars.Length)] = (char)_random.Next(0, 0x2FF);
                    lines[l] = new string(chars);
                }

                break;
            case 3:
                var t = _random.Next(lines.Count);
                lines[t] = lines[t][.._random.Next(lines[t].Length + 1)];
                break;
            case 4:
                var s = _random.Next(lines.Count);
                lines[s] = lines[s].Replace(' ', _random.Next(2) == 0 ? ':' : '/');
                break;
            case 5:
                var n = _random.Next(lines.Count);
                lines[n] = System.Text.RegularExpressions.Regex.Replace(lines[n], "[0-9]+", _random.Next(4) switch { 0 => "-1", 1 => "99999999999999999999", 2 => "", _ => "0" });
                break;
            case 6:
                lines = lines.OrderBy(_ => _random.Next()).ToList();
                break;
            default:
                return text[.._random.Next(text.Length + 1)];
        }

        return string.Join("\r\n", lines);
    }
}
