using System.CommandLine;
using WlWebRtc.Bench.E2e;
using WlWebRtc.Bench.Ice;
using WlWebRtc.Bench.Sfu;
using WlWebRtc.Bench.Soak;
using WlWebRtc.Bench.Wan;

namespace WlWebRtc.Bench;

/// <summary>
/// <c>wlwebrtc-bench</c>: benchmarks that run the server as a child process and drive it from outside. The benchmarks a
/// plugin contributes (encode, capture, transport) stay in the server: <c>wlwebrtc bench NAME</c>.
/// </summary>
internal static class BenchCommandLine
{
    public static RootCommand Create()
    {
        var root = new RootCommand("wlwebrtc-bench: end-to-end benchmarks of the built server (run 'dotnet build -c Release host' first, or build this tool, which builds it)");
        root.Subcommands.Add(E2eCommand.Create());
        root.Subcommands.Add(SoakCommand.Create());
        root.Subcommands.Add(WanCommand.Create());
        root.Subcommands.Add(WanLinkCommand.Create());
        root.Subcommands.Add(IceCommand.Create());
        root.Subcommands.Add(SfuCommand.Create());
        return root;
    }
}
