namespace WlWebRtc.Bench.E2e;

/// <summary>What <c>e2e</c> measures: the test pattern's size, rate and content profile, the measured window, and the report's form.</summary>
internal sealed record E2eOptions(int Width, int Height, int Fps, int Seconds, bool Json, string Content = "pattern");
