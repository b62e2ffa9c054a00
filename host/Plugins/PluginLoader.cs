using System.Reflection;
using McMaster.NETCore.Plugins;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WlWebRtc.Capture;
using WlWebRtc.Encoders;
using WlWebRtc.Input;
using WlWebRtc.Plugins;
using WlWebRtc.Signaling;
using WlWebRtc.Transport;

namespace WlWebRtc.Host.Plugins;

/// <summary>
/// Loads each plugin folder into its own load context that shares only the contracts, the
/// Microsoft.Extensions abstractions and ASP.NET Core with the host. Every failure becomes a
/// <see cref="PluginStatus.Failed"/> entry with a reason; nothing a plugin does at load time can stop the host.
/// </summary>
internal sealed partial class PluginLoader(ILogger<PluginLoader> logger)
{
    /// <summary>Types whose assemblies (and their references) plugins share with the host.</summary>
    public static readonly Type[] SharedTypes =
    [
        typeof(IPlugin), typeof(ILogger), typeof(ILoggerFactory), typeof(IConfiguration), typeof(IServiceCollection),
        typeof(IEndpointRouteBuilder), typeof(HttpContext),
    ];

    private static readonly Lazy<IReadOnlyDictionary<string, Version>> HostShared = new(() => ContractCompatibility.HostSharedAssemblies(SharedTypes));

    public IReadOnlyList<PluginEntry> LoadAll(IEnumerable<string> roots)
    {
        var entries = new List<PluginEntry>();
        foreach (var folder in PluginDirectories.EnumeratePluginFolders(roots))
        {
            entries.AddRange(LoadFolder(folder));
        }

        return MarkDuplicates(entries);
    }

    public IReadOnlyList<PluginEntry> LoadFolder(string folder)
    {
        folder = Path.GetFullPath(folder);
        var name = Path.GetFileName(folder);
        var assemblyPath = Path.Combine(folder, name + ".dll");
        if (!File.Exists(assemblyPath))
        {
            return [Refuse(folder, $"no plugin in this folder: expected {name}.dll (a plugin folder is named after its assembly)")];
        }

        try
        {
            var problem = ContractCompatibility.FindProblem(assemblyPath, HostShared.Value);
            if (problem is not null)
            {
                return [Refuse(folder, problem)];
            }

            var loader = PluginLoader_Create(assemblyPath);
            var assembly = loader.LoadDefaultAssembly();
            var declared = assembly.GetCustomAttributes<WlWebRtcPluginAttribute>().ToArray();
            if (declared.Length == 0)
            {
                return [Refuse(folder, $"{name}.dll declares no plugin: add [assembly: WlWebRtcPlugin(typeof(YourPlugin))]")];
            }

            return declared.Select(d => Instantiate(folder, d.PluginType)).ToArray();
        }
// Catch-all on purpose (see CONTRIBUTING.md, containment): Any failure of a third-party plugin is reported as a refused plugin, never a host crash.
        catch (Exception ex)
        {
            return [Refuse(folder, $"could not be loaded: {Describe(ex)}")];
        }
    }

    private static McMaster.NETCore.Plugins.PluginLoader PluginLoader_Create(string assemblyPath) =>
        McMaster.NETCore.Plugins.PluginLoader.CreateFromAssemblyFile(assemblyPath, SharedTypes, config => config.PreferSharedTypes = false);

    private PluginEntry Instantiate(string folder, Type type)
    {
        try
        {
            if (!typeof(IPlugin).IsAssignableFrom(type))
            {
                return Refuse(folder, $"{type.FullName} does not implement {nameof(IPlugin)} (built against another copy of the contracts?)");
            }

            var plugin = (IPlugin)Activator.CreateInstance(type)!;
            var metadata = plugin.Metadata ?? throw new InvalidOperationException("Metadata is null");
            var expected = KindInterface(metadata.Kind);
            if (!expected.IsAssignableFrom(type))
            {
                return Refuse(folder, $"{type.FullName} says it is a {metadata.Kind} plugin but does not implement {expected.Name}");
            }

            if (string.IsNullOrWhiteSpace(metadata.Name) || metadata.Name.Any(c => char.IsWhiteSpace(c) || char.IsUpper(c)))
            {
                return Refuse(folder, $"{type.FullName} has an invalid name '{metadata.Name}' (lower-case, no spaces)");
            }

            Log.Loaded(logger, metadata.Kind, metadata.Name, metadata.Version, folder);
            return new PluginEntry { Folder = folder, Plugin = plugin, Status = PluginStatus.Loaded, Reason = "loaded" };
        }
// Catch-all on purpose (see CONTRIBUTING.md, containment): A throwing constructor or metadata getter is the plugin's fault: refuse it.
        catch (Exception ex)
        {
            return Refuse(folder, $"{type.FullName} could not be created: {Describe(ex)}");
        }
    }

    public static Type KindInterface(PluginKind kind) => kind switch
    {
        PluginKind.Capture => typeof(ICapturePlugin),
        PluginKind.Encoder => typeof(IEncoderPlugin),
        PluginKind.Transport => typeof(ITransportPlugin),
        PluginKind.Signaling => typeof(ISignalingPlugin),
        PluginKind.Input => typeof(IInputPlugin),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown plugin kind"),
    };

    private List<PluginEntry> MarkDuplicates(List<PluginEntry> entries)
    {
        var seen = new Dictionary<(PluginKind, string), PluginEntry>();
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i];
            if (entry.Kind is not { } kind)
            {
                continue;
            }

            if (seen.TryGetValue((kind, entry.Name), out var first))
            {
                entries[i] = entry with { Plugin = null, Status = PluginStatus.Failed, Reason = $"duplicate {kind} plugin '{entry.Name}': already loaded from {first.Folder}" };
                Log.Refused(logger, entry.Folder, entries[i].Reason);
            }
            else
            {
                seen[(kind, entry.Name)] = entry;
            }
        }

        return entries;
    }

    private PluginEntry Refuse(string folder, string reason)
    {
        Log.Refused(logger, folder, reason);
        return PluginEntry.Failed(folder, reason);
    }

    internal static string Describe(Exception ex)
    {
        while (ex is TargetInvocationException { InnerException: { } inner })
        {
            ex = inner;
        }

        return ex is ReflectionTypeLoadException rtle && rtle.LoaderExceptions.FirstOrDefault(e => e is not null) is { } first
            ? $"{first.GetType().Name}: {first.Message}"
            : $"{ex.GetType().Name}: {ex.Message}";
    }

    private static partial class Log
    {
        [LoggerMessage(EventIds.PluginLoaded, LogLevel.Debug, "Loaded {Kind} plugin {Name} {Version} from {Folder}")]
        public static partial void Loaded(ILogger logger, PluginKind kind, string name, Version version, string folder);

        [LoggerMessage(EventIds.PluginRefused, LogLevel.Warning, "Plugin folder {Folder} refused: {Reason}")]
        public static partial void Refused(ILogger logger, string folder, string reason);
    }
}
