using System.Diagnostics.CodeAnalysis;

namespace WlWebRtc.Encoder.Vaapi.Probing;

/// <summary>libva as the probe sees it: a thin seam so its logic can be tested without a GPU.</summary>
internal interface IVaapiNative
{
    /// <summary>Why libva cannot be used at all (not installed…), or null when it loaded.</summary>
    string? LoadError { get; }

    /// <summary>Opens a render node and gets its VA display (vaGetDisplayDRM), not yet initialised.</summary>
    bool TryOpen(string renderNode, [NotNullWhen(true)] out IVaapiDisplay? display, [NotNullWhen(false)] out string? error);
}

/// <summary>One VA display; disposing it terminates the display and closes the node.</summary>
internal interface IVaapiDisplay : IDisposable
{
    /// <summary>vaInitialize: a VAStatus.</summary>
    int Initialize(out int major, out int minor);

    /// <summary>vaErrorStr.</summary>
    string ErrorString(int status);

    /// <summary>vaQueryVendorString, or null.</summary>
    string? VendorString();

    /// <summary>vaQueryConfigProfiles: a VAStatus and the profiles.</summary>
    int QueryProfiles(out int[] profiles);

    /// <summary>vaQueryConfigEntrypoints: a VAStatus and the entrypoints of one profile.</summary>
    int QueryEntrypoints(int profile, out int[] entrypoints);

    /// <summary>Error messages libva reported for this display so far.</summary>
    IReadOnlyList<string> ErrorMessages { get; }
}
