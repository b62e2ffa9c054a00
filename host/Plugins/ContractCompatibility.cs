using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace WlWebRtc.Host.Plugins;

/// <summary>
/// Checks, from metadata alone (before anything is loaded), that a plugin was built against contracts the host
/// can serve: the same major version of WlWebRtc.Abstractions or an older minor, and no shared assembly
/// (Microsoft.Extensions.*, the contracts) newer than the host's — otherwise the plugin would silently get
/// its own copy and two types with one name.
/// </summary>
internal static class ContractCompatibility
{
    public static string? FindProblem(string assemblyPath, IReadOnlyDictionary<string, Version> sharedAssemblies)
    {
        using var stream = File.OpenRead(assemblyPath);
        using var pe = new PEReader(stream);
        if (!pe.HasMetadata)
        {
            return $"{Path.GetFileName(assemblyPath)} is not a .NET assembly";
        }

        var reader = pe.GetMetadataReader();
        foreach (var handle in reader.AssemblyReferences)
        {
            var reference = reader.GetAssemblyReference(handle);
            var name = reader.GetString(reference.Name);
            if (!sharedAssemblies.TryGetValue(name, out var hostVersion))
            {
                continue;
            }

            var wanted = reference.Version;
            if (name == ContractsAssemblyName && wanted.Major != hostVersion.Major)
            {
                return wanted.Major > hostVersion.Major
                    ? $"built against {name} {wanted.ToString(2)}, a newer major version than this host provides ({hostVersion.ToString(2)}); update wlwebrtc"
                    : $"built against {name} {wanted.ToString(2)}, an older major version than this host provides ({hostVersion.ToString(2)}); rebuild the plugin";
            }

            if (wanted > hostVersion)
            {
                return $"built against {name} {wanted}, newer than the host's {hostVersion}; rebuild the plugin against the host's version or update wlwebrtc";
            }
        }

        return null;
    }

    public const string ContractsAssemblyName = "WlWebRtc.Abstractions";

    /// <summary>The host's versions of the assemblies plugins share with it.</summary>
    public static IReadOnlyDictionary<string, Version> HostSharedAssemblies(IEnumerable<Type> sharedTypes)
    {
        var map = new Dictionary<string, Version>(StringComparer.Ordinal);
        foreach (var assembly in sharedTypes.Select(t => t.Assembly).Distinct())
        {
            Add(map, assembly.GetName());
            foreach (var reference in assembly.GetReferencedAssemblies())
            {
                if (reference.Name is { } n && (n.StartsWith("Microsoft.Extensions.", StringComparison.Ordinal) || n == ContractsAssemblyName))
                {
                    Add(map, reference);
                }
            }
        }

        return map;
    }

    private static void Add(Dictionary<string, Version> map, AssemblyName name)
    {
        if (name.Name is { } n && name.Version is { } v && (!map.TryGetValue(n, out var existing) || existing < v))
        {
            map[n] = v;
        }
    }
}
