using System.Diagnostics;
using System.Globalization;
using WlWebRtc.Hostile.Tests.Support;
using Xunit.Abstractions;

namespace WlWebRtc.Hostile.Tests;

/// <summary>
/// Negotiation-level fuzzing with a real peer: aiortc's offer, mutated but parseable, driven through the WHEP answer,
/// and on 201 through ICE, DTLS and media. The server never dies, and every answer is a 201 or a 4xx with a reason.
/// Reproduce a case with HOSTILE_FUZZ_SEED=seed (the first case's seed; case i uses seed + i).
/// </summary>
[Trait("Category", "Hostile")]
public sealed class NegotiationFuzzTests(ITestOutputHelper output)
{
    private const int DefaultSeed = 110_000;
    private const int Cases = 40;
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan MediaWindow = TimeSpan.FromSeconds(3);

    [Fact]
    public async Task Whep_MutatedOffersFromRealPeer_ServerSurvivesAndAnswers201Or4xxWithReason()
    {
        var first = int.TryParse(Environment.GetEnvironmentVariable("HOSTILE_FUZZ_SEED"), CultureInfo.InvariantCulture, out var chosen) ? chosen : DefaultSeed;
        output.WriteLine($"seed {first} (HOSTILE_FUZZ_SEED={first} reproduces this run)");
        await using var server = await HostileServer.StartAsync();
        await using var peer = await PythonPeer.StartAsync();
        var elapsed = Stopwatch.StartNew();
        var statuses = new Dictionary<int, int>();
        var played = 0;
        var run = 0;
        for (; run < Cases && elapsed.Elapsed < Budget; run++)
        {
            var seed = first + run;
            var description = string.Empty;
            var outcome = await NegotiationDrive.RunAsync(server, peer, offer =>
            {
                (var mutated, description) = SdpMutations.Mutate(offer, seed);
                return mutated;
            }, MediaWindow, wantedFrames: 3);
            output.WriteLine($"seed {seed}: {description} => {outcome}");
            statuses[outcome.Status] = statuses.GetValueOrDefault(outcome.Status) + 1;
            played += outcome.Frames > 0 ? 1 : 0;
            await Task.Delay(100);
            Assert.True(!server.Process.HasExited, $"seed {seed} ({description}) killed the server (exit {server.Process.ExitCode}); log:\n{server.LogTail()}");
            Assert.True(outcome.Status == 201 || (outcome.Status is >= 400 and < 500 && !string.IsNullOrWhiteSpace(outcome.Body)),
                $"seed {seed} ({description}) answered {outcome}");
            Assert.True(outcome.Status != 201 || outcome.Deleted is 200 or 404, $"seed {seed} ({description}): DELETE answered {outcome.Deleted}");
        }

        output.WriteLine($"{run} cases in {elapsed.Elapsed.TotalSeconds:0} s: {string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Value}x {s.Key}"))}; {played} played video");
        Assert.True(run >= 10, $"only {run} cases ran within {Budget.TotalSeconds} s");

        // The fixed regression cases of issue 11, and afterwards a plain viewer still plays.
        foreach (var (name, munge) in new (string, Func<string, string>)[]
        {
            ("abs-send-time on id 15", o => SdpEdits.SetExtensionId(o, SdpEdits.AbsSendTime, 15)),
            ("abs-send-time and transport-cc on id 2", o => SdpEdits.AddExtension(SdpEdits.SetExtensionId(o, SdpEdits.AbsSendTime, 2), SdpEdits.TransportWideCc, 2)),
            ("playout-delay on id 200", o => SdpEdits.AddExtension(o, SdpEdits.PlayoutDelay, 200)),
            ("no usable video codec", o => SdpMutations.WithoutH264(SdpEdits.Join(SdpEdits.Lines(o).Select(l => l.Replace(" VP8/90000", " X-NOPE/90000", StringComparison.Ordinal))))),
        })
        {
            var outcome = await NegotiationDrive.RunAsync(server, peer, munge, MediaWindow, wantedFrames: 3);
            output.WriteLine($"{name} => {outcome}");
            await Task.Delay(500);
            server.AssertAlive();
            Assert.True(outcome.Status is 201 or 400, $"{name}: {outcome}");
        }

        var plain = await NegotiationDrive.RunAsync(server, peer, o => o, TimeSpan.FromSeconds(15), wantedFrames: 10);
        Assert.True(plain.Status == 201 && plain.Frames >= 10, "a plain viewer after the fuzzing: " + plain);
        server.AssertAlive();
    }
}
