using System.Globalization;
using WlWebRtc.Configuration;
using WlWebRtc.Rtp.Sending;

namespace WlWebRtc.Transport.WebRtc.Plugin;

/// <summary>
/// How a viewer's stream copes with a lossy link, keys of <c>[transport.webrtc]</c>:
/// <c>playout_delay_on_loss = "auto" | "off" | 10-2000</c> (ms) and <c>retransmit_twice_loss = 0-1</c>. See config.toml
/// and README "Bandwidth, pacing and loss".
/// </summary>
internal sealed record LossRecoveryOptions
{
    public const string Auto = "auto";
    public const string Off = "off";

    public static readonly string[] Keys = ["playout_delay_on_loss", "retransmit_twice_loss"];

    public static LossRecoveryOptions Default { get; } = new();

    /// <summary>Raise the playout delay while the link is lossy (needs playout_delay_zero, which negotiates the extension).</summary>
    public bool AdaptivePlayoutDelay { get; init; } = true;

    /// <summary>The playout delay on a lossy link; null: the round-trip time plus a frame interval.</summary>
    public TimeSpan? PlayoutDelayOnLoss { get; init; }

    /// <summary>Each retransmission goes out twice while the windowed loss is at least this; 0: never.</summary>
    public double RetransmitTwiceLoss { get; init; } = 0.03;

    /// <summary>Reads the keys from the table's reader (errors go to it).</summary>
    public static LossRecoveryOptions Read(SettingsReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var text = reader.ReadString("playout_delay_on_loss", Auto);
        var options = new LossRecoveryOptions { RetransmitTwiceLoss = reader.ReadDouble("retransmit_twice_loss", Default.RetransmitTwiceLoss, 0, 1) };
        if (text.Equals(Off, StringComparison.OrdinalIgnoreCase))
        {
            return options with { AdaptivePlayoutDelay = false };
        }

        if (text.Equals(Auto, StringComparison.OrdinalIgnoreCase))
        {
            return options;
        }

        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms) && ms is >= 10 and <= 2000)
        {
            return options with { PlayoutDelayOnLoss = TimeSpan.FromMilliseconds(ms) };
        }

        reader.AddError("playout_delay_on_loss", $"must be \"auto\", \"off\" or 10-2000 (ms), got '{text}'");
        return options;
    }

    /// <summary>The sender's options with these applied.</summary>
    public RtpVideoSenderOptions ApplyTo(RtpVideoSenderOptions sender)
    {
        ArgumentNullException.ThrowIfNull(sender);
        return sender with
        {
            PlayoutDelayAdaptive = AdaptivePlayoutDelay,
            PlayoutDelayOnLoss = PlayoutDelayOnLoss,
            RetransmitTwiceLoss = RetransmitTwiceLoss,
        };
    }
}
