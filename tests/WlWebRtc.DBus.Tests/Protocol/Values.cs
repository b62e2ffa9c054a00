using System.Collections;
using WlWebRtc.DBus.Protocol;

namespace WlWebRtc.DBus.Tests.Protocol;

/// <summary>Random signatures and values, and structural equality for values read back.</summary>
internal static class Values
{
    private const string BasicCodes = "ybnqiuxtdsog";

    public static string RandomSignature(Random random, int maxDepth)
    {
        var roll = random.Next(maxDepth <= 0 ? 12 : 16);
        if (roll < 12)
        {
            return BasicCodes[roll].ToString();
        }

        return roll switch
        {
            12 => "a" + RandomSignature(random, maxDepth - 1),
            13 => "a{" + BasicCodes[random.Next(BasicCodes.Length)] + RandomSignature(random, maxDepth - 1) + "}",
            14 => "(" + string.Concat(Enumerable.Range(0, 1 + random.Next(3)).Select(_ => RandomSignature(random, maxDepth - 1))) + ")",
            _ => "v",
        };
    }

    public static object RandomValue(Random random, string type, int depth = 0)
    {
        switch (type[0])
        {
            case 'y': return (byte)random.Next(256);
            case 'b': return random.Next(2) == 1;
            case 'n': return (short)random.Next(short.MinValue, short.MaxValue + 1);
            case 'q': return (ushort)random.Next(ushort.MaxValue + 1);
            case 'i': return random.Next(int.MinValue, int.MaxValue);
            case 'u': return (uint)random.NextInt64(uint.MaxValue + 1L);
            case 'x': return random.NextInt64(long.MinValue, long.MaxValue);
            case 't': return (ulong)random.NextInt64(long.MinValue, long.MaxValue);
            case 'd': return random.Next(8) == 0 ? double.NaN : (random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-10, 10));
            case 's': return RandomString(random);
            case 'o': return new ObjectPath(random.Next(3) == 0 ? "/" : string.Concat(Enumerable.Range(0, 1 + random.Next(3)).Select(_ => "/" + (char)('a' + random.Next(26)) + random.Next(100))));
            case 'g': return new DBusSignature(string.Concat(Enumerable.Range(0, random.Next(3)).Select(_ => RandomSignature(random, 2))));
            case 'v':
            {
                var inner = RandomSignature(random, Math.Max(0, 2 - depth));
                return new DBusVariant(inner, RandomValue(random, inner, depth + 1));
            }

            case 'a':
            {
                var element = type[1..];
                var count = random.Next(4);
                if (element[0] == '{')
                {
                    var keyType = element[1].ToString();
                    var valueType = element[2..^1];
                    var dictionary = new Dictionary<object, object>();
                    for (var i = 0; i < count; i++)
                    {
                        dictionary[RandomValue(random, keyType, depth + 1)] = RandomValue(random, valueType, depth + 1);
                    }

                    return dictionary;
                }

                if (element == "y")
                {
                    var bytes = new byte[count];
                    random.NextBytes(bytes);
                    return bytes;
                }

                return Enumerable.Range(0, count).Select(_ => RandomValue(random, element, depth + 1)).ToList();
            }

            case '(':
            {
                var fields = new List<object>();
                var position = 1;
                while (type[position] != ')')
                {
                    var end = SignatureParser.SkipCompleteType(type, position, 0, 0);
                    fields.Add(RandomValue(random, type[position..end], depth + 1));
                    position = end;
                }

                return new DBusStruct(fields.ToArray());
            }

            default:
                throw new ArgumentException(type);
        }
    }

    public static new bool Equals(object? expected, object? actual)
    {
        switch (expected)
        {
            case null:
                return actual is null;
            case double d:
                return actual is double a && BitConverter.DoubleToInt64Bits(d) == BitConverter.DoubleToInt64Bits(a);
            case string s:
                return actual is string t && s == t;
            case DBusVariant v:
                return actual is DBusVariant w && v.Signature == w.Signature && Equals(v.Value, w.Value);
            case DBusStruct st:
                return actual is DBusStruct ot && st.Count == ot.Count && st.Fields.Zip(ot.Fields).All(p => Equals(p.First, p.Second));
            case IDictionary dictionary:
            {
                if (actual is not IDictionary other || other.Count != dictionary.Count)
                {
                    return false;
                }

                foreach (DictionaryEntry entry in dictionary)
                {
                    if (!other.Contains(entry.Key) || !Equals(entry.Value, other[entry.Key]))
                    {
                        return false;
                    }
                }

                return true;
            }

            case IEnumerable list:
            {
                if (actual is not IEnumerable other)
                {
                    return false;
                }

                var left = list.Cast<object>().ToList();
                var right = other.Cast<object>().ToList();
                return left.Count == right.Count && left.Zip(right).All(p => Equals(p.First, p.Second));
            }

            default:
                return expected.Equals(actual);
        }
    }

    private static string RandomString(Random random)
    {
        const string alphabet = "abcXYZ019 _-./é€😀\u00ff\u0001";
        var length = random.Next(6);
        var builder = new System.Text.StringBuilder();
        for (var i = 0; i < length; i++)
        {
            var index = random.Next(alphabet.Length);
            if (char.IsHighSurrogate(alphabet[index]))
            {
                builder.Append(alphabet, index, 2);
            }
            else if (!char.IsLowSurrogate(alphabet[index]))
            {
                builder.Append(alphabet[index]);
            }
        }

        return builder.ToString();
    }
}
