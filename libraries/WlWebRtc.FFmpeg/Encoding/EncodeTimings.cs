namespace WlWebRtc.FFmpeg.Encoding;

/// <summary>Where the time of one Encode call went, in <see cref="System.Diagnostics.Stopwatch"/> ticks.</summary>
internal readonly record struct EncodeTimings(long ConversionTicks, long EncodeTicks);
