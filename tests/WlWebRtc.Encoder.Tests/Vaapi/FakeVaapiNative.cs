using System.Diagnostics.CodeAnalysis;
using WlWebRtc.Encoder.Vaapi.Probing;

namespace WlWebRtc.Encoder.Tests.Vaapi;

/// <summary>A scripted libva: what it loads, opens, initialises and lists.</summary>
internal sealed class FakeVaapiNative : IVaapiNative
{
    public string? LoadError { get; init; }

    public string? OpenError { get; init; }

    public FakeVaapiDisplay Display { get; init; } = new();

    public List<string> Opened { get; } = [];

    public bool TryOpen(string renderNode, [NotNullWhen(true)] out IVaapiDisplay? display, [NotNullWhen(false)] out string? error)
    {
        Opened.Add(renderNode);
        if (OpenError is not null)
        {
            display = null;
            error = OpenError;
            return false;
        }

        display = Display;
        error = null;
        return true;
    }
}

internal sealed class FakeVaapiDisplay : IVaapiDisplay
{
    public const int StatusUnknown = 0x14;

    public int InitializeStatus { get; init; }

    public string? Vendor { get; init; } = "Intel iHD driver for Intel(R) Gen Graphics - 23.1.1 ()";

    public int ProfilesStatus { get; init; }

    public int[] Profiles { get; init; } = [];

    /// <summary>Entrypoints per profile; a profile missing here fails its query.</summary>
    public Dictionary<int, int[]> Entrypoints { get; init; } = [];

    public IReadOnlyList<string> ErrorMessages { get; init; } = [];

    public bool Disposed { get; private set; }

    public int Initialize(out int major, out int minor)
    {
        (major, minor) = (1, 17);
        return InitializeStatus;
    }

    public string ErrorString(int status) => status == StatusUnknown ? "unknown libva error" : $"status {status}";

    public string? VendorString() => Vendor;

    public int QueryProfiles(out int[] profiles)
    {
        profiles = ProfilesStatus == 0 ? Profiles : [];
        return ProfilesStatus;
    }

    public int QueryEntrypoints(int profile, out int[] entrypoints)
    {
        if (Entrypoints.TryGetValue(profile, out var list))
        {
            entrypoints = list;
            return 0;
        }

        entrypoints = [];
        return StatusUnknown;
    }

    public void Dispose() => Disposed = true;
}
