namespace WlWebRtc.Ice.Stun;

/// <summary>STUN methods (RFC 8489 section 18.2, RFC 8656 section 17).</summary>
public enum StunMethod : ushort
{
    Binding = 0x001,
    Allocate = 0x003,
    Refresh = 0x004,
    Send = 0x006,
    Data = 0x007,
    CreatePermission = 0x008,
    ChannelBind = 0x009,
}

/// <summary>The class of a STUN message (RFC 8489 section 5).</summary>
public enum StunClass
{
    Request = 0,
    Indication = 1,
    SuccessResponse = 2,
    ErrorResponse = 3,
}

/// <summary>Packs and unpacks the 14-bit message type: method bits interleaved with the two class bits C0 (bit 4) and C1 (bit 8).</summary>
public static class StunMessageType
{
    public static ushort Encode(StunMethod method, StunClass messageClass)
    {
        var m = (int)method;
        var c = (int)messageClass;
        return (ushort)((m & 0x000F) | ((m & 0x0070) << 1) | ((m & 0x0F80) << 2) | ((c & 1) << 4) | ((c & 2) << 7));
    }

    public static StunMethod Method(ushort type) => (StunMethod)((type & 0x000F) | ((type & 0x00E0) >> 1) | ((type & 0x3E00) >> 2));

    public static StunClass Class(ushort type) => (StunClass)(((type >> 4) & 1) | ((type >> 7) & 2));
}

/// <summary>Attribute types used by STUN, TURN and ICE.</summary>
public static class StunAttributeType
{
    public const ushort MappedAddress = 0x0001;
    public const ushort Username = 0x0006;
    public const ushort MessageIntegrity = 0x0008;
    public const ushort ErrorCode = 0x0009;
    public const ushort UnknownAttributes = 0x000A;
    public const ushort ChannelNumber = 0x000C;
    public const ushort Lifetime = 0x000D;
    public const ushort XorPeerAddress = 0x0012;
    public const ushort Data = 0x0013;
    public const ushort Realm = 0x0014;
    public const ushort Nonce = 0x0015;
    public const ushort XorRelayedAddress = 0x0016;
    public const ushort RequestedAddressFamily = 0x0017;
    public const ushort RequestedTransport = 0x0019;
    public const ushort DontFragment = 0x001A;
    public const ushort MessageIntegritySha256 = 0x001C;
    public const ushort XorMappedAddress = 0x0020;
    public const ushort Priority = 0x0024;
    public const ushort UseCandidate = 0x0025;
    public const ushort Software = 0x8022;
    public const ushort AlternateServer = 0x8023;
    public const ushort Fingerprint = 0x8028;
    public const ushort IceControlled = 0x8029;
    public const ushort IceControlling = 0x802A;

    /// <summary>Comprehension-required attributes are 0x0000-0x7FFF (RFC 8489 section 14).</summary>
    public static bool IsComprehensionRequired(ushort type) => type < 0x8000;
}

/// <summary>Error codes this library sends or acts on.</summary>
public static class StunErrorCodes
{
    public const int BadRequest = 400;
    public const int Unauthorized = 401;
    public const int Forbidden = 403;
    public const int UnknownAttribute = 420;
    public const int AllocationMismatch = 437;
    public const int StaleNonce = 438;
    public const int RoleConflict = 487;
    public const int InsufficientCapacity = 508;
}
