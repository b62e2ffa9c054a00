using System.Globalization;
using WlWebRtc.Configuration;

namespace WlWebRtc.Transport.WebRtc.Plugin;

/// <summary>
/// The forward error correction keys of <c>[transport.webrtc]</c>: <c>fec = "off" | "ulpfec"</c> and
/// <c>fec_protection = "auto" | 0.05-1</c> (FEC packets per media packet). See config.toml.
/// </summary>
internal sealed record FecOptions
{
    public const string Off = "off";
    public const string Ulpfec = "ulpfec";
    public const string AutoProtection = "auto";

    public static readonly string[] Keys = ["fec", "fec_protection"];

    public static FecOptions Default { get; } = new();

    /// <summary>Offer (and accept) ULPFEC in RED with every viewer that negotiates it.</summary>
    public bool Enabled { get; init; }

    /// <summary>FEC packets per media packet, or 0 to follow the loss each viewer reports.</summary>
    public double Protection { get; init; }

    /// <summary>Reads the keys from the table's reader (errors go to it).</summary>
    public static FecOptions Read(SettingsReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var mode = reader.ReadString("fec", Off, Off, Ulpfec);
        var text = reader.ReadString("fec_protection", AutoProtection);
        double protection = 0;
        if (!text.Equals(AutoProtection, StringComparison.OrdinalIgnoreCase) &&
            !(double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out protection) && protection is >= 0.05 and <= 1))
        {
            reader.AddError("fec_protection", $"must be \"auto\" or a fraction 0.05-1 (FEC packets per media packet), got '{text}'");
            protection = 0;
        }

        return new FecOptions { Enabled = mode == Ulpfec, Protection = protection };
    }
}
