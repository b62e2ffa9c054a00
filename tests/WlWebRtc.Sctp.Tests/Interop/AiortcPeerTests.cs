using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace WlWebRtc.Sctp.Tests.Interop;

/// <summary>Our association against aiortc's independent SCTP stack (Debian python3-aiortc), packets relayed over loopback UDP
/// in place of DTLS (see aiortc_peer.py). Needs /usr/bin/python3 with aiortc: fails with a clear message when missing.</summary>
public sealed class AiortcPeerTests
{
    private const string Python = "/usr/bin/python3";

    [Theory]
    [InlineData("client")] // aiortc sends INIT (as Chromium does), we answer; we are the DTLS client (even ids)
    [InlineData("server")] // aiortc waits; we send INIT; we are the DTLS server (odd ids)
    public async Task Association_AgainstAiortc_ChannelsBothWaysEchoAndClose(string aiortcMode)
    {
        Assert.True(File.Exists(Python), $"{Python} is missing: install Debian's python3-aiortc (scripts/install-deps.sh).");
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var ourPort = ((IPEndPoint)socket.LocalEndPoint!).Port;
        var script = Path.Combine(AppContext.BaseDirectory, "Interop", "aiortc_peer.py");
        using var python = Process.Start(new ProcessStartInfo(Python)
        {
            ArgumentList = { script, aiortcMode, ourPort.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        })!;
        var lines = new BlockingCollection<string>();
        var pending = new List<string>();
        var stderr = new System.Text.StringBuilder();
        python.OutputDataReceived += (_, e) => { if (e.Data is not null) lines.Add(e.Data); };
        python.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (stderr) stderr.AppendLine(e.Data); };
        python.BeginOutputReadLine();
        python.BeginErrorReadLine();
        try
        {
            // A cold start imports aiortc and its native modules: on a loaded CI machine that alone can take long.
            var portLine = Next(lines, pending, l => l.StartsWith("PORT ", StringComparison.Ordinal), stderr, TimeSpan.FromSeconds(120));
            var peer = new IPEndPoint(IPAddress.Loopback, int.Parse(portLine[5..], System.Globalization.CultureInfo.InvariantCulture));

            using var association = new SctpAssociation(
                new SctpAssociationOptions { IsDtlsClient = aiortcMode == "client" },
                packet => socket.SendTo(packet, SocketFlags.None, peer));
            var received = new ConcurrentQueue<(string Label, byte[] Data, bool Binary)>();
            var remoteChannels = new ConcurrentDictionary<string, DataChannel>();
            association.DataChannelOpened += ch =>
            {
                if (ch.Label == "from-dotnet")
                    return;
                remoteChannels[ch.Label] = ch;
                // Echo whatever aiortc sends on its channels.
                ch.MessageReceived += (c, data, binary) => c.Send(data, binary);
            };
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            var receiveLoop = Task.Run(() =>
            {
                var buffer = new byte[65536];
                while (!cts.IsCancellationRequested)
                {
                    try
                    {
                        var n = socket.Receive(buffer);
                        association.HandlePacket(buffer.AsSpan(0, n));
                    }
                    catch (SocketException)
                    {
                        return;
                    }
                    catch (ObjectDisposedException)
                    {
                        return;
                    }
                }
            });

            if (aiortcMode == "server")
                association.Start();
            var ours = association.OpenDataChannel("from-dotnet");
            Assert.Equal(aiortcMode == "client" ? 0 : 1, ours.StreamId % 2);
            ours.MessageReceived += (c, data, binary) => received.Enqueue((c.Label, data.ToArray(), binary));

            Next(lines, pending, l => l == "OPEN from-dotnet True None", stderr);
            Assert.Equal(DataChannelState.Open, await WaitFor(() => ours.State == DataChannelState.Open, () => ours.State));
            var big = new byte[100_000];
            new Random(3).NextBytes(big);
            for (var i = 0; i < 20; i++)
                Assert.True(ours.Send($"ping-{i}"));
            Assert.True(ours.Send(big));
            Next(lines, pending, l => l == "ECHOED from-dotnet 21", stderr);
            await WaitFor(() => received.Count == 21, () => received.Count);
            var echoes = received.ToArray();
            for (var i = 0; i < 20; i++)
            {
                Assert.Equal($"echo:ping-{i}", System.Text.Encoding.UTF8.GetString(echoes[i].Data));
                Assert.False(echoes[i].Binary);
            }
            Assert.Equal(big, echoes[20].Data);
            Assert.True(echoes[20].Binary);

            // aiortc's own channels: reliable "from-aiortc" echoed back by us, and the partially reliable "pr".
            Next(lines, pending, l => l == "OK aiortc-echo", stderr);
            Assert.True(remoteChannels.TryGetValue("pr", out var pr), "aiortc's 'pr' channel did not open here");
            Assert.False(pr.Ordered);
            Assert.Equal(0, pr.MaxRetransmits);
            Assert.Equal(aiortcMode == "client" ? 1 : 0, remoteChannels["from-aiortc"].StreamId % 2);

            // Closing by stream reset: aiortc sees its channel close, and ours closes once aiortc resets its side.
            ours.Close();
            Next(lines, pending, l => l == "CLOSED from-dotnet", stderr);
            await WaitFor(() => ours.State == DataChannelState.Closed, () => ours.State);

            var stats = association.GetStatistics();
            Assert.Equal(0, stats.ProcessingErrors);
            Assert.Equal(0, stats.ChecksumErrors);
            Assert.Equal(0, stats.MalformedPackets);
            cts.Cancel();
            socket.Close();
            await receiveLoop;
        }
        finally
        {
            if (!python.HasExited)
            {
                python.StandardInput.Close();
                if (!python.WaitForExit(5000))
                    python.Kill();
            }
        }
    }

    /// <summary>Waits for a line the peer printed. The peer's flows are independent (aiortc's own channels run alongside
    /// ours), so their lines interleave in any order: a line not wanted yet stays pending for a later call, never dropped.</summary>
    private static string Next(BlockingCollection<string> lines, List<string> pending, Func<string, bool> wanted, System.Text.StringBuilder stderr, TimeSpan? limit = null)
    {
        var index = pending.FindIndex(l => wanted(l));
        if (index >= 0)
        {
            var found = pending[index];
            pending.RemoveAt(index);
            return found;
        }
        var deadline = DateTime.UtcNow + (limit ?? TimeSpan.FromSeconds(30));
        while (DateTime.UtcNow < deadline)
        {
            if (!lines.TryTake(out var line, TimeSpan.FromMilliseconds(200)))
                continue;
            if (line.StartsWith("FAIL", StringComparison.Ordinal))
                Assert.Fail($"aiortc peer: {line}");
            if (wanted(line))
                return line;
            pending.Add(line);
        }
        string err;
        lock (stderr)
            err = stderr.ToString();
        Assert.Fail($"aiortc peer never printed the expected line. Pending: [{string.Join(" | ", pending)}]. stderr: {err}");
        return "";
    }

    private static async Task<T> WaitFor<T>(Func<bool> condition, Func<T> describe)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out; last value {describe()}");
            await Task.Delay(20);
        }
        return describe();
    }
}
