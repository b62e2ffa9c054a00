using WlWebRtc.DBus.Protocol;

namespace WlWebRtc.DBus.Tests.Protocol;

/// <summary>Byte-exact encodings derived by hand from the D-Bus specification's marshalling rules.</summary>
public sealed class MarshallingTests
{
    [Theory]
    [InlineData("y", "01")]
    [InlineData("u", "78563412")]
    [InlineData("b", "01000000")]
    [InlineData("n", "feff")]
    [InlineData("x", "0100000000000000")]
    [InlineData("d", "000000000000f03f")]
    [InlineData("s", "03000000616263 00")]
    [InlineData("o", "020000002f61 00")]
    [InlineData("g", "02616900")]
    public void WriteValues_BasicType_MatchesSpecEncoding(string signature, string expectedHex)
    {
        object value = signature switch
        {
            "y" => (byte)1,
            "u" => 0x12345678u,
            "b" => true,
            "n" => (short)-2,
            "x" => 1L,
            "d" => 1.0,
            "s" => "abc",
            "o" => new ObjectPath("/a"),
            _ => new DBusSignature("ai"),
        };

        Assert.Equal(Hex(expectedHex), Encode(signature, value));
    }

    [Fact]
    public void WriteValues_ByteThenUInt32_PadsToFourBytes()
    {
        Assert.Equal(Hex("01 000000 02000000"), Encode("yu", (byte)1, 2u));
    }

    [Fact]
    public void WriteValues_Int64Array_LengthExcludesPaddingBeforeFirstElement()
    {
        Assert.Equal(Hex("08000000 00000000 0500000000000000"), Encode("ax", new[] { 5L }));
    }

    [Fact]
    public void WriteValues_EmptyInt64Array_StillPadsToElementAlignment()
    {
        Assert.Equal(Hex("00000000 00000000"), Encode("ax", Array.Empty<long>()));
    }

    [Fact]
    public void WriteValues_StructAfterByte_AlignsStructToEight()
    {
        Assert.Equal(Hex("01 00000000000000 02 000000 03000000"), Encode("y(yu)", (byte)1, new DBusStruct((byte)2, 3u)));
    }

    [Fact]
    public void WriteValues_Variant_WritesSignatureThenAlignedValue()
    {
        Assert.Equal(Hex("01 75 00 00 07000000"), Encode("v", new DBusVariant("u", 7u)));
    }

    [Fact]
    public void WriteValues_Dictionary_EntriesAlignedToEight()
    {
        var dictionary = new Dictionary<string, byte> { ["a"] = 1 };

        Assert.Equal(Hex("07000000 00000000 01000000 6100 01"), Encode("a{sy}", dictionary));
    }

    [Fact]
    public void WriteValues_NestedArrays_EachLevelHasItsLength()
    {
        var value = new[] { new[] { 1u, 2u }, Array.Empty<uint>() };

        Assert.Equal(Hex("10000000 08000000 01000000 02000000 00000000"), Encode("aau", (object)value));
    }

    [Fact]
    public void Encode_MethodCall_MatchesHandBuiltHeader()
    {
        var message = DBusMessage.CreateMethodCall(null, "/", null, "A");

        var bytes = MessageCodec.Encode(message, 1, []);

        var expected = Hex(
            "6c 01 00 01 00000000 01000000 1a000000" + // 'l', method call, flags, version, body length, serial, fields length 26
            "01 01 6f 00 01000000 2f 00" + // PATH 'o' "/"
            "000000000000" + // pad to 32
            "03 01 73 00 01000000 41 00" + // MEMBER 's' "A"
            "000000000000"); // pad the header to 8
        Assert.Equal(expected, bytes);
    }

    [Fact]
    public void Decode_BigEndianSignal_ReadsEveryField()
    {
        var bytes = Hex(
            "42 04 00 01 00000004 00000007 00000037" +
            "01 01 6f 00 00000001 2f 00 000000000000" +
            "02 01 73 00 00000003 612e62 00 00000000" +
            "03 01 73 00 00000001 43 00 000000000000" +
            "08 01 67 00 01 75 00 00" +
            "00000005");

        var message = MessageCodec.Decode(bytes, []);

        Assert.True(message.BigEndian);
        Assert.Equal(DBusMessageType.Signal, message.Type);
        Assert.Equal(7u, message.Serial);
        Assert.Equal("/", message.Path);
        Assert.Equal("a.b", message.Interface);
        Assert.Equal("C", message.Member);
        Assert.Equal("u", message.Signature);
        Assert.Equal(5u, message.Body[0]);
    }

    [Fact]
    public void ReadValues_BigEndianContainers_ReadsEveryType()
    {
        // (n q i x t d b) then a{sv} {"k": <o "/p">} then ad [2.0], in big-endian order.
        var bytes = Hex(
            "fffe 0002 00000003 0000000000000000 fffffffffffffffc 4000000000000000 00000001" +
            "00000013" +
            "00000001 6b00 01 6f 00 000000 00000002 2f70 00" +
            "00 00000008 4000000000000000");

        var reader = new ValueReader(bytes, bigEndian: true, fds: null);
        var values = reader.ReadValues("(nqixtdb)a{sv}ad");

        Assert.Equal(0, reader.Remaining);
        Assert.Equal([(short)-2, (ushort)2, 3, 0L, 0xfffffffffffffffcUL, 2.0, true], ((DBusStruct)values[0]).Fields);
        var dictionary = (Dictionary<object, object>)values[1];
        Assert.Equal(new ObjectPath("/p"), ((DBusVariant)dictionary["k"]).Value);
        Assert.Equal(new[] { 2.0 }, (double[])values[2]);
    }

    [Theory]
    [InlineData("(yu")]
    [InlineData("a")]
    [InlineData("{sv}")]
    [InlineData("a{vs}")]
    [InlineData("a{s}")]
    [InlineData("a{suu}")]
    [InlineData("()")]
    [InlineData("z")]
    public void Validate_InvalidSignature_Throws(string signature)
    {
        Assert.Throws<DBusProtocolException>(() => SignatureParser.Validate(signature));
    }

    [Fact]
    public void Validate_NestingLimits_AcceptsThirtyTwoRejectsThirtyThree()
    {
        SignatureParser.Validate(new string('a', 32) + "y");
        SignatureParser.Validate(new string('(', 32) + "y" + new string(')', 32));

        Assert.Throws<DBusProtocolException>(() => SignatureParser.Validate(new string('a', 33) + "y"));
        Assert.Throws<DBusProtocolException>(() => SignatureParser.Validate(new string('(', 33) + "y" + new string(')', 33)));
        Assert.Throws<DBusProtocolException>(() => SignatureParser.Validate(new string('y', 256)));
    }

    [Fact]
    public void ReadValue_NestedVariantsBeyondSixtyFour_Throws()
    {
        // Seventy variants, each holding the next: the sixty-fifth exceeds the total depth limit.
        var writer = new MessageWriter();
        for (var i = 0; i < 70; i++)
        {
            writer.WriteByte(1);
            writer.WriteByte((byte)'v');
            writer.WriteByte(0);
        }

        var bytes = writer.WrittenSpan.ToArray();
        var error = Assert.Throws<DBusProtocolException>(() => new ValueReader(bytes, false, null).ReadValues("v"));
        Assert.Contains("too deeply", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("b", "02000000", "boolean")]
    [InlineData("s", "02000000 6162 01", "NUL-terminated")]
    [InlineData("s", "02000000 6100 00", "NUL byte")]
    [InlineData("s", "02000000 c328 00", "UTF-8")]
    [InlineData("s", "ffffff7f 00", "truncated")]
    [InlineData("o", "01000000 61 00", "object path")]
    [InlineData("g", "01 7a 00", "invalid type code")]
    [InlineData("yu", "01 010000 05000000", "padding")]
    [InlineData("au", "05000000 0000000000", "multiple")]
    [InlineData("au", "00000005 00", "limit")]
    [InlineData("v", "02 7575 00", "single complete type")]
    [InlineData("h", "00000000", "unix fd index")]
    public void ReadValues_MalformedInput_ThrowsClearProtocolError(string signature, string hex, string expected)
    {
        var bytes = Hex(hex);

        var error = Assert.Throws<DBusProtocolException>(() => new ValueReader(bytes, false, null).ReadValues(signature));

        Assert.Contains(expected, error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void GetMessageLength_OverOneHundredTwentyEightMiB_ThrowsBeforeAllocating()
    {
        var header = Hex("6c 01 00 01 01000008 01000000 10000000");

        var error = Assert.Throws<DBusProtocolException>(() => MessageCodec.GetMessageLength(header, int.MaxValue));
        Assert.Contains("exceeds", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WriteValues_ValueOfWrongType_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentException>(() => Encode("u", "text"));
        Assert.Throws<ArgumentException>(() => Encode("y", 300));
        Assert.Throws<ArgumentException>(() => Encode("s", "a\0b"));
        Assert.Throws<ArgumentException>(() => Encode("o", "not/a/path"));
        Assert.Throws<ArgumentException>(() => Encode("uu", 1u));
    }

    internal static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", string.Empty, StringComparison.Ordinal));

    private static byte[] Encode(string signature, params object[] values)
    {
        var writer = new MessageWriter();
        writer.WriteValues(signature, values);
        return writer.WrittenSpan.ToArray();
    }
}
