using WlWebRtc.Hardware;

namespace WlWebRtc.Encoder.Vaapi.Probing;

/// <summary>
/// What VA-API offers on one render node: initialise libva on it, read the driver's vendor string, and look
/// for an H.264 encode entrypoint (EncSlice, EncSliceLP) on the profiles browsers decode.
/// </summary>
internal sealed class VaapiProbe(IVaapiNative native)
{
    public VaapiInfo Probe(string renderNode)
    {
        if (native.LoadError is { } loadError)
        {
            return Absent(loadError);
        }

        if (!native.TryOpen(renderNode, out var display, out var openError))
        {
            return Absent(openError);
        }

        using (display)
        {
            var status = display.Initialize(out var major, out var minor);
            if (status != VaConstants.StatusSuccess)
            {
                return Absent($"vaInitialize failed on {renderNode}: {display.ErrorString(status)}{Details(display)}");
            }

            var vendor = display.VendorString();
            var version = $"VA-API {major}.{minor} ({vendor ?? "no vendor string"})";
            status = display.QueryProfiles(out var profiles);
            if (status != VaConstants.StatusSuccess)
            {
                return new VaapiInfo(Detection.Present($"{version}; vaQueryConfigProfiles failed: {display.ErrorString(status)}"), vendor, []);
            }

            var (entrypoints, encodeProfiles, problems) = FindH264Encode(display, profiles);
            var found = entrypoints.Count > 0
                ? $"H.264 encode via {string.Join(", ", entrypoints)} ({string.Join(", ", encodeProfiles)})"
                : "no H.264 encode entrypoint";
            var notes = problems.Count > 0 ? $"; {string.Join("; ", problems)}" : string.Empty;
            return new VaapiInfo(Detection.Present($"{version}: {found}{notes}"), vendor, entrypoints);
        }
    }

    private static (List<string> Entrypoints, List<string> Profiles, List<string> Problems) FindH264Encode(IVaapiDisplay display, int[] profiles)
    {
        var entrypoints = new List<string>();
        var encodeProfiles = new List<string>();
        var problems = new List<string>();
        foreach (var (profile, profileName) in VaConstants.H264Profiles)
        {
            if (!profiles.Contains(profile))
            {
                continue;
            }

            var status = display.QueryEntrypoints(profile, out var supported);
            if (status != VaConstants.StatusSuccess)
            {
                problems.Add($"vaQueryConfigEntrypoints({profileName}) failed: {display.ErrorString(status)}");
                continue;
            }

            var encodes = false;
            foreach (var (entrypoint, entrypointName) in VaConstants.EncodeEntrypoints)
            {
                if (supported.Contains(entrypoint))
                {
                    encodes = true;
                    if (!entrypoints.Contains(entrypointName))
                    {
                        entrypoints.Add(entrypointName);
                    }
                }
            }

            if (encodes)
            {
                encodeProfiles.Add(profileName);
            }
        }

        // Report entrypoints in the order of VaConstants, whatever profile they were first seen on.
        entrypoints.Sort((a, b) => IndexOf(a).CompareTo(IndexOf(b)));
        return (entrypoints, encodeProfiles, problems);
    }

    private static int IndexOf(string entrypointName) =>
        Array.FindIndex(VaConstants.EncodeEntrypoints, e => e.Name == entrypointName);

    private static string Details(IVaapiDisplay display) =>
        display.ErrorMessages.Count == 0 ? string.Empty : $" ({string.Join("; ", display.ErrorMessages)})";

    private static VaapiInfo Absent(string reason) => new(Detection.Absent(reason), null, []);
}
