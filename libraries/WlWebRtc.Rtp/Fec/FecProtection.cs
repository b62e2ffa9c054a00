namespace WlWebRtc.Rtp.Fec;

/// <summary>
/// How much FEC to send. A fixed protection (FEC packets per media packet) or, with <see cref="Auto"/>, a
/// protection that follows the measured loss (the estimator's windowed loss, not one report's fraction lost): none below 1 % loss, then three times the loss fraction,
/// between 10 % and 50 % (a group of k packets then survives about one loss in every 1/(3·loss) packets).
/// </summary>
public static class FecProtection
{
    /// <summary>The value that means "follow the reported loss".</summary>
    public const double Auto = 0;

    /// <summary>Loss below which auto sends no FEC (NACK repairs it within a round trip).</summary>
    public const double AutoLossThreshold = 0.01;

    public const double AutoMinimum = 0.1;

    public const double AutoMaximum = 0.5;

    /// <summary>The protection to use with the configured <paramref name="protection"/> and the measured loss fraction.</summary>
    public static double For(double protection, double fractionLost) =>
        protection > Auto ? protection
        : fractionLost < AutoLossThreshold ? 0
        : Math.Clamp(3 * fractionLost, AutoMinimum, AutoMaximum);
}
