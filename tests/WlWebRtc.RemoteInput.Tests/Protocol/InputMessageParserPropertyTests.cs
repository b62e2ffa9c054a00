using System.Globalization;
using System.Text;
using WlWebRtc.RemoteInput.Mapping;
using WlWebRtc.RemoteInput.Protocol;

namespace WlWebRtc.RemoteInput.Tests.Protocol;

/// <summary>
/// The parser against a model of docs/input-protocol.md: seeded random messages are generated as fields with known
/// meaning (right or wrong JSON types, in or out of range, missing, repeated, unknown, escaped, padded, truncated),
/// the model says what the parser must do with each, and the parser must agree, accepting with the generated values
/// or rejecting with the model's reason, never throwing.
/// </summary>
public sealed class InputMessageParserPropertyTests
{
    private const int Count = 100_000;

    private static readonly string[] KnownTypes = ["pm", "pr", "pb", "pw", "k", "ra", "ping", "pong"];
    private static readonly string[] UnknownTypes = ["", "PM", "key", "x", "pingg", "p"];
    private static readonly string[] NumberFields = ["x", "y", "dx", "dy", "b", "m", "id", "ts"];
    private static readonly string[] UnknownFields = ["extra", "T", "xx", "dz", "ids", "z", "type"];
    private static readonly string[] Codes = [.. DomKeyCodes.Codes];
    private static readonly string[] UnknownCodes = ["", "keya", "KeyAA", "Key\"A", "Ключ", new string('K', 33), new string('A', 200)];
    private static readonly string[] Whitespace = ["", "", "", " ", "\n", "\t", "\r\n  "];
    private static readonly double[] Numbers =
    [
        0, 1, -1, 0.5, 0.25, 2, 3, 4, 5, 6, -3, 2.5, 0.999999, 1.0000001, -0.0, 120, -120,
        1e4, -1e4, 10000.5, 1e5, -1e5, 100000.5, 9007199254740992, 9007199254740994, 1e20, -1e20, 2147483647, 1e300,
        double.PositiveInfinity, double.NegativeInfinity, // written as 1e400 / -1e400
    ];

    private static readonly Dictionary<string, string[]> Required = new(StringComparer.Ordinal)
    {
        ["pm"] = ["x", "y"], ["pr"] = ["dx", "dy"], ["pw"] = ["dx", "dy"], ["pb"] = ["b", "d"], ["k"] = ["c", "d"],
        ["ra"] = [], ["ping"] = ["id", "ts"], ["pong"] = ["id", "ts"],
    };

    [Fact]
    public void TryParse_HundredThousandModelledMessages_AgreesWithTheModelAndNeverThrows()
    {
        var random = new Random(20261204);
        var outcomes = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < Count; i++)
        {
            var (json, expected) = Generate(random);
            var ok = InputMessageParser.TryParse(json, out var message, out var reason);

            var text = Encoding.UTF8.GetString(json);
            if (expected.Reason is { } expectedReason)
            {
                Assert.False(ok, $"#{i} accepted, expected {expectedReason}: {text}");
                Assert.True(expectedReason == reason, $"#{i} dropped as {reason}, expected {expectedReason}: {text}");
            }
            else
            {
                Assert.True(ok, $"#{i} dropped as {reason}, expected accepted: {text}");
                Assert.True(expected.Message == message, $"#{i} parsed as {message}, expected {expected.Message}: {text}");
            }

            var key = expected.Reason?.ToString() ?? "Accepted";
            outcomes[key] = outcomes.GetValueOrDefault(key) + 1;
        }

        // every outcome is reached often enough for the agreement to mean something
        foreach (var outcome in new[] { "Accepted", "Malformed", "TooLarge", "UnknownType", "MissingField", "OutOfRange", "UnknownCode" })
        {
            Assert.True(outcomes.GetValueOrDefault(outcome) > Count / 200, $"{outcome}: {outcomes.GetValueOrDefault(outcome)} of {Count}");
        }
    }

    /// <summary>A message and what the model expects: a reason to drop it, or the message it must parse to.</summary>
    private readonly record struct Expected(DropReason? Reason, InputMessage Message);

    private readonly record struct Field(string Name, string Json, bool WrongKind, double Number, string? Text, bool Flag);

    private static (byte[] Json, Expected Expected) Generate(Random random)
    {
        var type = random.Next(10) < 9 ? KnownTypes[random.Next(KnownTypes.Length)] : UnknownTypes[random.Next(UnknownTypes.Length)];
        var fields = new List<Field>();
        if (random.Next(20) != 0)
        {
            fields.Add(random.Next(40) == 0 ? new Field("t", NumberJson(1), WrongKind: true, 0, null, false) : new Field("t", Quote(type), false, 0, type, false));
        }

        var required = Required.GetValueOrDefault(type, []);
        foreach (var name in NumberFields.Append("c").Append("d"))
        {
            var chance = required.Contains(name) ? 18 : (name == "m" && type == "pw" ? 10 : 1);
            if (random.Next(20) < chance)
            {
                fields.Add(KnownField(random, name));
            }
        }

        if (fields.Count > 0 && random.Next(30) == 0)
        {
            fields.Add(fields[random.Next(fields.Count)] with { }); // a field twice
        }

        for (var n = random.Next(3); n > 0; n--)
        {
            fields.Add(new Field(UnknownFields[random.Next(UnknownFields.Length)], AnyValue(random, depth: 0), false, 0, null, false));
        }

        if (random.Next(40) == 0)
        {
            fields.Add(new Field("pad", Quote(new string('p', InputMessageParser.MaxMessageBytes)), false, 0, null, false));
        }

        Shuffle(random, fields);
        var text = new StringBuilder();
        text.Append(Whitespace[random.Next(Whitespace.Length)]).Append('{');
        for (var f = 0; f < fields.Count; f++)
        {
            text.Append(f == 0 ? "" : ",").Append(Whitespace[random.Next(Whitespace.Length)]).Append(Quote(fields[f].Name))
                .Append(Whitespace[random.Next(Whitespace.Length)]).Append(':').Append(Whitespace[random.Next(Whitespace.Length)]).Append(fields[f].Json);
        }

        text.Append(Whitespace[random.Next(Whitespace.Length)]).Append('}').Append(Whitespace[random.Next(Whitespace.Length)]);
        var bytes = Encoding.UTF8.GetBytes(text.ToString());

        var broken = random.Next(12) == 0;
        if (broken)
        {
            bytes = Break(random, bytes);
        }

        if (bytes.Length > InputMessageParser.MaxMessageBytes)
        {
            return (bytes, new Expected(DropReason.TooLarge, default));
        }

        return (bytes, broken ? new Expected(DropReason.Malformed, default) : Model(fields));
    }

    /// <summary>What docs/input-protocol.md and the parser's contract say about a well-formed object of these fields.</summary>
    private static Expected Model(List<Field> fields)
    {
        var known = fields.Where(f => f.Name is "t" or "c" or "d" || NumberFields.Contains(f.Name)).ToList();
        if (known.GroupBy(f => f.Name).Any(g => g.Count() > 1) || known.Any(f => f.WrongKind))
        {
            return Drop(DropReason.Malformed);
        }

        var byName = known.ToDictionary(f => f.Name, StringComparer.Ordinal);
        if (!byName.TryGetValue("t", out var t))
        {
            return Drop(DropReason.MissingField);
        }

        if (!Required.TryGetValue(t.Text!, out var required))
        {
            return Drop(DropReason.UnknownType);
        }

        if (required.Any(name => !byName.ContainsKey(name)))
        {
            return Drop(DropReason.MissingField);
        }

        double N(string name) => byName[name].Number;
        switch (t.Text)
        {
            case "pm":
                return Within(N("x"), 0, 1) && Within(N("y"), 0, 1)
                    ? Accept(new InputMessage(InputMessageType.PointerMove, N("x"), N("y"), 0, false, 0, 0, 0))
                    : Drop(DropReason.OutOfRange);
            case "pr":
                return Within(N("dx"), -10_000, 10_000) && Within(N("dy"), -10_000, 10_000)
                    ? Accept(new InputMessage(InputMessageType.PointerRelative, N("dx"), N("dy"), 0, false, 0, 0, 0))
                    : Drop(DropReason.OutOfRange);
            case "pw":
                var mode = byName.ContainsKey("m") ? N("m") : 0;
                return Within(N("dx"), -100_000, 100_000) && Within(N("dy"), -100_000, 100_000) && mode is 0 or 1 or 2
                    ? Accept(new InputMessage(InputMessageType.Wheel, N("dx"), N("dy"), 0, false, (int)mode, 0, 0))
                    : Drop(DropReason.OutOfRange);
            case "pb":
                int? button = N("b") switch { 0 => 0x110, 1 => 0x112, 2 => 0x111, 3 => 0x113, 4 => 0x114, _ => null };
                return button is { } evdevButton
                    ? Accept(new InputMessage(InputMessageType.PointerButton, 0, 0, evdevButton, byName["d"].Flag, 0, 0, 0))
                    : Drop(DropReason.UnknownCode);
            case "k":
                return DomKeyCodes.TryGetEvdev(byName["c"].Text!, out var key)
                    ? Accept(new InputMessage(InputMessageType.Key, 0, 0, key, byName["d"].Flag, 0, 0, 0))
                    : Drop(DropReason.UnknownCode);
            case "ra":
                return Accept(new InputMessage(InputMessageType.ReleaseAll, 0, 0, 0, false, 0, 0, 0));
            default:
                var id = N("id");
                return double.IsFinite(id) && Math.Abs(id) <= 9007199254740992 && Math.Floor(id) == id && double.IsFinite(N("ts"))
                    ? Accept(new InputMessage(t.Text == "ping" ? InputMessageType.Ping : InputMessageType.Pong, 0, 0, 0, false, 0, (long)id, N("ts")))
                    : Drop(DropReason.OutOfRange);
        }
    }

    private static Expected Accept(InputMessage message) => new(null, message);

    private static Expected Drop(DropReason reason) => new(reason, default);

    private static bool Within(double value, double min, double max) => double.IsFinite(value) && value >= min && value <= max;

    private static Field KnownField(Random random, string name)
    {
        if (random.Next(25) == 0)
        {
            var wrong = name switch
            {
                "c" => random.Next(2) == 0 ? NumberJson(1) : "true",
                "d" => random.Next(2) == 0 ? "1" : "\"true\"",
                _ => random.Next(3) switch { 0 => "\"1\"", 1 => "false", _ => "[1]" },
            };
            return new Field(name, random.Next(6) == 0 ? "null" : wrong, WrongKind: true, 0, null, false);
        }

        switch (name)
        {
            case "c":
                var code = random.Next(5) == 0 ? UnknownCodes[random.Next(UnknownCodes.Length)] : Codes[random.Next(Codes.Length)];
                return new Field(name, random.Next(4) == 0 ? EscapedEverywhere(code) : Quote(code), false, 0, code, false);
            case "d":
                var down = random.Next(2) == 0;
                return new Field(name, down ? "true" : "false", false, 0, null, down);
            default:
                var number = random.Next(3) == 0 ? Math.Round(random.NextDouble() * 40_000 - 20_000, random.Next(4)) : Numbers[random.Next(Numbers.Length)];
                if (random.Next(3) == 0 && name is "x" or "y")
                {
                    number = random.NextDouble();
                }

                return new Field(name, NumberJson(number), false, number, null, false);
        }
    }

    private static string NumberJson(double number) => number switch
    {
        double.PositiveInfinity => "1e400",
        double.NegativeInfinity => "-1e400",
        _ => number.ToString("R", CultureInfo.InvariantCulture),
    };

    /// <summary>Any JSON value, as an unknown field carries: skipped whatever it is.</summary>
    private static string AnyValue(Random random, int depth) => random.Next(depth < 3 ? 8 : 5) switch
    {
        0 => NumberJson(Numbers[random.Next(Numbers.Length)]),
        1 => Quote(UnknownCodes[random.Next(UnknownCodes.Length)]),
        2 => random.Next(2) == 0 ? "true" : "null",
        3 => EscapedEverywhere("x\"y\\z"),
        4 => "\"\"",
        5 => "[" + AnyValue(random, depth + 1) + "," + AnyValue(random, depth + 1) + "]",
        6 => "{\"k\":" + AnyValue(random, depth + 1) + "}",
        _ => "[]",
    };

    /// <summary>Makes a well-formed object malformed: cut before its closing brace, followed by more, or not an object.</summary>
    private static byte[] Break(Random random, byte[] json)
    {
        var close = Array.LastIndexOf(json, (byte)'}');
        return random.Next(4) switch
        {
            0 => json[..random.Next(close)],
            1 => [.. json, .. "x{},]\""u8.ToArray().AsSpan(random.Next(6), 1)],
            2 => [(byte)'[', .. json, (byte)']'],
            _ => [.. json[..close], (byte)',', (byte)'}'],
        };
    }

    private static string Quote(string text) => System.Text.Json.JsonSerializer.Serialize(text);

    private static string EscapedEverywhere(string text) =>
        "\"" + string.Concat(text.Select(ch => "\\u" + ((int)ch).ToString("x4", CultureInfo.InvariantCulture))) + "\"";

    private static void Shuffle(Random random, List<Field> fields)
    {
        for (var i = fields.Count - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (fields[i], fields[j]) = (fields[j], fields[i]);
        }
    }
}
