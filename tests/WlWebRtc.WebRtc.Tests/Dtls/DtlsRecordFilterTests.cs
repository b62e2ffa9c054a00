using WlWebRtc.Transport.WebRtc.Dtls;

namespace WlWebRtc.WebRtc.Tests.Dtls;

public sealed class DtlsRecordFilterTests
{
    private static byte[] Record(byte type, ushort epoch, int length, byte[]? body = null) =>
        [type, 0xFE, 0xFD, (byte)(epoch >> 8), (byte)epoch, 0, 0, 0, 0, 0, 1, (byte)(length >> 8), (byte)length, .. body ?? new byte[length]];

    [Fact]
    public void Accept_HandshakeRecordDuringHandshake_Accepted() =>
        Assert.True(DtlsRecordFilter.Accept(Record(22, 0, 12, [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]), handshakeDone: false));

    [Fact]
    public void Accept_PlaintextAlertAfterHandshake_Rejected() =>
        Assert.False(DtlsRecordFilter.Accept(Record(21, 0, 2, [2, 40]), handshakeDone: true));

    [Fact]
    public void Accept_ShortProtectedRecord_Rejected() =>
        Assert.False(DtlsRecordFilter.Accept(Record(23, 1, 10), handshakeDone: true));

    [Fact]
    public void Accept_ProtectedApplicationData_Accepted() =>
        Assert.True(DtlsRecordFilter.Accept(Record(23, 1, 64), handshakeDone: true, peerConfirmed: true));

    [Fact]
    public void Accept_Epoch0HandshakeAfterPeerConfirmed_Rejected() =>
        Assert.False(DtlsRecordFilter.Accept(Record(22, 0, 12, [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]), handshakeDone: true, peerConfirmed: true));

    [Fact]
    public void Accept_LengthBeyondDatagram_Rejected()
    {
        var record = Record(23, 1, 64);

        Assert.False(DtlsRecordFilter.Accept(record.AsSpan(0, 40), handshakeDone: true));
    }

    [Fact]
    public void Accept_TwoRecordsInOneDatagram_BothChecked()
    {
        byte[] datagram = [.. Record(20, 0, 1, [1]), .. Record(22, 1, 40)];

        Assert.True(DtlsRecordFilter.Accept(datagram, handshakeDone: false));
        Assert.False(DtlsRecordFilter.Accept([.. datagram, .. Record(21, 0, 2)], handshakeDone: true));
    }
}
