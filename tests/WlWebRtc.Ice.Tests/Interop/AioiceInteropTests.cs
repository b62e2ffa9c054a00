using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using WlWebRtc.Ice.Agent;
using WlWebRtc.Ice.Sockets;

namespace WlWebRtc.Ice.Tests.Interop;

/// <summary>The agent against an independent full ICE implementation (aioice, part of aiortc) over loopback UDP: both roles, and a role conflict.</summary>
public sealed class AioiceInteropTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(25);

    [Theory]
    [InlineData(IceRole.Controlling, IceRole.Controlled)]
    [InlineData(IceRole.Controlled, IceRole.Controlling)]
    [InlineData(IceRole.Controlling, IceRole.Controlling)]
    public async Task Connect_AgainstAioice_NominatedPairEchoesData(IceRole ourRole, IceRole peerRole)
    {
        var script = Path.Combine(AppContext.BaseDirectory, "Interop", "aioice_peer.py");
        using var peer = Process.Start(new ProcessStartInfo("/usr/bin/python3", [script, peerRole == IceRole.Controlling ? "controlling" : "controlled"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        })!;
        var stderr = new StringBuilder();
        peer.ErrorDataReceived += (_, e) => stderr.AppendLine(e.Data);
        peer.BeginErrorReadLine();
        try
        {
            var offer = JsonDocument.Parse(await ReadLineAsync(peer, stderr)).RootElement;
            await using var socket = new UdpIceSocket(new IPEndPoint(IPAddress.Loopback, 0));
            using var agent = new IceAgent(ourRole);
            var echo = new TaskCompletionSource<byte[]>(TaskCreationOptions.RunContinuationsAsynchronously);
            socket.DatagramReceived += (s, from, data) =>
            {
                if (!agent.Receive(s, from, data))
                {
                    echo.TrySetResult(data.ToArray());
                }
            };
            var connected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            agent.StateChanged += s =>
            {
                if (s == IceAgentState.Connected)
                {
                    connected.TrySetResult();
                }
            };
            var local = agent.AddHostCandidate(socket);
            agent.SetRemoteCredentials(offer.GetProperty("ufrag").GetString()!, offer.GetProperty("pwd").GetString()!);
            foreach (var c in offer.GetProperty("candidates").EnumerateArray())
            {
                agent.AddRemoteCandidate(IceCandidate.ParseSdp(c.GetString()!));
            }

            agent.SetRemoteCandidatesComplete();
            var answer = JsonSerializer.Serialize(new
            {
                ufrag = agent.LocalCredentials.Ufrag,
                pwd = agent.LocalCredentials.Pwd,
                candidates = new[] { local.ToSdp()["candidate:".Length..] },
            });
            await peer.StandardInput.WriteLineAsync(answer);
            await peer.StandardInput.FlushAsync();
            agent.Start();

            await connected.Task.WaitAsync(Wait);
            Assert.Contains("connected", await ReadLineAsync(peer, stderr), StringComparison.Ordinal);
            Assert.True(agent.SelectedPair!.IsNominated);
            Assert.True(agent.SendOnSelectedPair("ping"u8));
            Assert.Equal("echo:ping", Encoding.ASCII.GetString(await echo.Task.WaitAsync(Wait)));
        }
        finally
        {
            if (!peer.HasExited)
            {
                peer.Kill();
            }
        }
    }

    private static async Task<string> ReadLineAsync(Process peer, StringBuilder stderr)
    {
        try
        {
            return await peer.StandardOutput.ReadLineAsync().WaitAsync(Wait) ?? throw new InvalidOperationException("aioice peer ended: " + stderr);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException("aioice peer said nothing: " + stderr);
        }
    }
}
