using WlWebRtc.Ice.Stun;

namespace WlWebRtc.WebRtc.Tests;

/// <summary>The ICE attributes tests forge checks with, on the WlWebRtc.Ice codec the transport uses.</summary>
internal static class StunTestMessages
{
    public const ushort BindingRequest = 0x0001;
    public const ushort BindingSuccess = 0x0101;
    public const ushort BindingError = 0x0111;

    public static StunMessageBuilder AddUsername(this StunMessageBuilder builder, string username) => builder.AddString(StunAttributeType.Username, username);

    public static StunMessageBuilder AddPriority(this StunMessageBuilder builder, uint priority) => builder.AddUInt32(StunAttributeType.Priority, priority);

    public static StunMessageBuilder AddUseCandidate(this StunMessageBuilder builder) => builder.Add(StunAttributeType.UseCandidate, []);

    public static StunMessageBuilder AddIceControlling(this StunMessageBuilder builder, ulong tieBreaker) => builder.AddUInt64(StunAttributeType.IceControlling, tieBreaker);

    public static StunMessageBuilder AddIceControlled(this StunMessageBuilder builder, ulong tieBreaker) => builder.AddUInt64(StunAttributeType.IceControlled, tieBreaker);
}
