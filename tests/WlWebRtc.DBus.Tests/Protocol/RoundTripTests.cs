using WlWebRtc.DBus.Protocol;

namespace WlWebRtc.DBus.Tests.Protocol;

/// <summary>Property tests: random values of random signatures survive marshalling and unmarshalling.</summary>
public sealed class RoundTripTests
{
    [Fact]
    public void WriteThenRead_RandomValuesOfRandomSignatures_RoundTrip()
    {
        var random = new Random(20240601);
        for (var iteration = 0; iteration < 20_000; iteration++)
        {
            var count = 1 + random.Next(3);
            var types = Enumerable.Range(0, count).Select(_ => Values.RandomSignature(random, 4)).ToArray();
            var signature = string.Concat(types);
            if (signature.Length > 255)
            {
                continue;
            }

            var values = types.Select(t => Values.RandomValue(random, t)).ToArray();
            var writer = new MessageWriter();
            writer.WriteValues(signature, values);

            var reader = new ValueReader(writer.WrittenSpan, bigEndian: false, fds: null);
            var read = reader.ReadValues(signature);

            Assert.Equal(0, reader.Remaining);
            Assert.True(Values.Equals(values, read), $"Round trip of '{signature}' changed the values (iteration {iteration}).");
        }
    }

    [Fact]
    public void EncodeThenDecode_RandomMessages_RoundTrip()
    {
        var random = new Random(7);
        for (var iteration = 0; iteration < 5_000; iteration++)
        {
            var type = Values.RandomSignature(random, 3);
            var value = Values.RandomValue(random, type);
            var message = random.Next(2) == 0
                ? DBusMessage.CreateSignal("/org/example/o" + iteration, "org.example.Iface", "Changed", type, [value], destination: ":1.5")
                : DBusMessage.CreateMethodCall("org.example.Service", "/", "org.example.Iface", "Do", type, [value], DBusMessageFlags.NoAutoStart);

            var bytes = MessageCodec.Encode(message, (uint)iteration + 1, []);
            var decoded = MessageCodec.Decode(bytes, []);

            Assert.Equal(bytes.Length, MessageCodec.GetMessageLength(bytes, int.MaxValue));
            Assert.Equal(message.Type, decoded.Type);
            Assert.Equal(message.Flags, decoded.Flags);
            Assert.Equal((uint)iteration + 1, decoded.Serial);
            Assert.Equal(message.Path, decoded.Path);
            Assert.Equal(message.Interface, decoded.Interface);
            Assert.Equal(message.Member, decoded.Member);
            Assert.Equal(message.Destination, decoded.Destination);
            Assert.Equal(type, decoded.Signature);
            Assert.True(Values.Equals(value, decoded.Body[0]), $"Message body '{type}' changed in the round trip.");
        }
    }
}
