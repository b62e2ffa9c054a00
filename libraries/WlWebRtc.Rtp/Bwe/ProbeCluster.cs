namespace WlWebRtc.Rtp.Bwe;

/// <summary>
/// One probe: <paramref name="Bytes"/> sent at <paramref name="BitsPerSecond"/> (media and padding together), whose
/// transport-wide-cc feedback shows what the path carries at that rate.
/// </summary>
internal readonly record struct ProbeCluster(int Id, long BitsPerSecond, int Bytes, int MinPackets);
