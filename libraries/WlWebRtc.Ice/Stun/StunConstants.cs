namespace WlWebRtc.Ice.Stun;

internal static class StunConstants
{
    public const uint MagicCookie = 0x2112A442;
    public const uint FingerprintXor = 0x5354554E;
    public const int HeaderLength = 20;
    public const int TransactionIdLength = 12;
    public const int MessageIntegrityLength = 20;
}
