using System.Globalization;

namespace WlWebRtc.Transport.WebRtc.Sdp;

internal enum H264Profile
{
    ConstrainedBaseline,
    Baseline,
    Main,
    ConstrainedHigh,
    High,
    PredictiveHigh444,
}

/// <summary>
/// The H.264 profile-level-id fmtp parameter (RFC 6184 section 8.1): profile_idc, profile-iop (constraint
/// flags) and level_idc. Two ids are compatible when they name the same profile; the level is negotiated
/// separately (level-asymmetry-allowed lets each side keep its own).
/// </summary>
internal readonly record struct H264ProfileLevelId(H264Profile Profile, byte ProfileIdc, byte ProfileIop, byte LevelIdc)
{
    /// <summary>The default when the parameter is absent (RFC 6184: 420010, Baseline level 1.0).</summary>
    public static readonly H264ProfileLevelId Default = new(H264Profile.ConstrainedBaseline, 0x42, 0xE0, 0x0A);

    public static bool TryParse(string? text, out H264ProfileLevelId id)
    {
        id = default;
        if (text is null || text.Length != 6 || !uint.TryParse(text, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value))
        {
            return false;
        }

        var idc = (byte)(value >> 16);
        var iop = (byte)(value >> 8);
        var level = (byte)value;
        var profile = Classify(idc, iop);
        if (profile is null)
        {
            return false;
        }

        id = new H264ProfileLevelId(profile.Value, idc, iop, level);
        return true;
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{ProfileIdc:x2}{ProfileIop:x2}{LevelIdc:x2}");

    // The bit patterns follow the table of profile_idc/constraint flags in RFC 6184 section 8.1 (and as
    // browsers interpret them): constraint_set1 on Baseline, or set0+set1 on Extended, means Constrained
    // Baseline; constraint_set3 on Main can also mean Constrained Baseline when set1 is set.
    private static H264Profile? Classify(byte idc, byte iop) => idc switch
    {
        0x42 when (iop & 0x0F) == 0 && (iop & 0x40) != 0 => H264Profile.ConstrainedBaseline,
        0x42 when (iop & 0x0F) == 0 => H264Profile.Baseline,
        0x4D when (iop & 0x80) != 0 && (iop & 0x10) == 0 => H264Profile.ConstrainedBaseline,
        0x4D when (iop & 0xAF) == 0 => H264Profile.Main,
        0x58 when (iop & 0xC8) == 0xC0 => H264Profile.ConstrainedBaseline,
        0x58 when (iop & 0xC8) == 0x80 => H264Profile.Baseline,
        0x64 when iop == 0x0C => H264Profile.ConstrainedHigh,
        0x64 when iop == 0x00 => H264Profile.High,
        0xF4 when iop == 0x00 => H264Profile.PredictiveHigh444,
        _ => null,
    };
}

/// <summary>Reads the fmtp parameters of an H.264 payload type.</summary>
internal static class H264Fmtp
{
    public static Dictionary<string, string> Parse(string? fmtp)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (string.IsNullOrEmpty(fmtp))
        {
            return result;
        }

        foreach (var part in fmtp.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0)
            {
                result[part[..eq].Trim()] = part[(eq + 1)..].Trim();
            }
        }

        return result;
    }
}
