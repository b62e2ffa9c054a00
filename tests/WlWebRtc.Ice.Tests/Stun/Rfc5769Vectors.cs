namespace WlWebRtc.Ice.Tests.Stun;

/// <summary>The test vectors of RFC 5769 sections 2.1-2.4, as hex.</summary>
internal static class Rfc5769Vectors
{
    public const string Password = "VOkJxbRl1RmTxUk/WvJxBt";

    public static readonly byte[] Request = Convert.FromHexString(
        "000100582112a442b7e7a701bc34d686fa87dfae802200105354554e20746573" +
        "7420636c69656e74002400046e0001ff80290008932ff9b151263b3600060009" +
        "6576746a3a68367659202020000800149aeaa70cbfd8cb56781ef2b5b2d3f249" +
        "c1b571a280280004e57a3bcf");

    public static readonly byte[] Ipv4Response = Convert.FromHexString(
        "0101003c2112a442b7e7a701bc34d686fa87dfae8022000b7465737420766563" +
        "746f7220002000080001a147e112a643000800142b91f599fd9e90c38c7489f9" +
        "2af9ba53f06be7d780280004c07d4c96");

    public static readonly byte[] Ipv6Response = Convert.FromHexString(
        "010100482112a442b7e7a701bc34d686fa87dfae8022000b7465737420766563" +
        "746f7220002000140002a1470113a9faa5d3f179bc25f4b5bed2b9d900080014" +
        "a382954e4be67bf11784c97c8292c275bfe3ed4180280004c8fb0b4c");

    /// <summary>Section 2.4: a request with long-term authentication (username "マトリックス", realm "example.org", password "TheMatrIX" after SASLprep).</summary>
    public static readonly byte[] LongTermRequest = Convert.FromHexString(
        "000100602112a44278ad3433c6ad72c029da412e" +
        "00060012" + "e3839ee38388e383aae38383e382afe382b9" + "0000" +
        "0015001c" + Convert.ToHexString("f//499k954d6OL34oL9FSTvy64sA"u8) +
        "0014000b" + Convert.ToHexString("example.org"u8) + "00" +
        "00080014f67024656dd64a3e02b8e0712e85c9a28ca89666");
}
