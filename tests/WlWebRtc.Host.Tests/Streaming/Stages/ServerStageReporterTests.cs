using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using WlWebRtc.Host.Streaming.Stages;
using WlWebRtc.RemoteInput.Protocol;
using WlWebRtc.Testing;

namespace WlWebRtc.Host.Tests.Streaming.Stages;

public sealed class ServerStageReporterTests : IDisposable
{
    private readonly ManualTimeProvider _clock = new();
    private readonly List<(string Viewer, JsonElement Message)> _sent = [];
    private readonly List<(string ViewerId, ServerStages Stages)> _viewers = [];
    private readonly ServerStageReporter _reporter;
    private bool _readFails;

    public ServerStageReporterTests() => _reporter = new ServerStageReporter(Read, Send, _clock, NullLogger.Instance);

    [Fact]
    public void Report_EachInterval_SendsEveryViewerItsOwnStagesOnce()
    {
        _viewers.Add(("a", new ServerStages(2.5, 1.25, 6, 0.1, 3)));
        _viewers.Add(("b", new ServerStages(2.5, 1.25, 6, 0.1, 40)));

        _clock.Advance(ServerStageReporter.Interval);

        Assert.Equal(["a", "b"], _sent.Select(s => s.Viewer));
        var a = _sent[0].Message;
        Assert.Equal("stages", a.GetProperty("t").GetString());
        Assert.Equal(2.5, a.GetProperty("capture").GetDouble());
        Assert.Equal(1.25, a.GetProperty("convert").GetDouble());
        Assert.Equal(6, a.GetProperty("encode").GetDouble());
        Assert.Equal(0.1, a.GetProperty("send").GetDouble());
        Assert.Equal(3, a.GetProperty("pacing").GetDouble());
        Assert.Equal(40, _sent[1].Message.GetProperty("pacing").GetDouble());
    }

    [Fact]
    public void Report_WithinOneInterval_SendsNothingMore()
    {
        _viewers.Add(("a", new ServerStages(1, 1, 1, 1, 1)));

        _clock.Advance(ServerStageReporter.Interval / 2);
        Assert.Empty(_sent);
        _clock.Advance(ServerStageReporter.Interval / 2);
        _clock.Advance(ServerStageReporter.Interval / 2);

        Assert.Single(_sent);
        Assert.Equal(1, _reporter.Sent);
    }

    [Fact]
    public void Report_ViewerWithoutAnySample_GetsNothing()
    {
        _viewers.Add(("a", new ServerStages(null, null, null, null, null)));
        _viewers.Add(("b", new ServerStages(null, null, null, null, 4)));

        _clock.Advance(ServerStageReporter.Interval);

        Assert.Equal(["b"], _sent.Select(s => s.Viewer));
        Assert.False(_sent[0].Message.TryGetProperty("capture", out _), "an unknown stage is left out");
    }

    [Fact]
    public void Report_IdleViewer_GetsTheIdleTimeInsteadOfStages()
    {
        _viewers.Add(("a", ServerStages.Idle(TimeSpan.FromSeconds(4))));

        _clock.Advance(ServerStageReporter.Interval);

        var message = Assert.Single(_sent).Message;
        Assert.Equal(4000, message.GetProperty("idle").GetDouble());
        Assert.False(message.TryGetProperty("encode", out _), "no stage of old frames");
    }

    [Fact]
    public void Report_ReadingFailsOnce_TheNextIntervalStillReports()
    {
        _viewers.Add(("a", new ServerStages(1, 1, 1, 1, 1)));
        _readFails = true;

        _clock.Advance(ServerStageReporter.Interval);
        _readFails = false;
        _clock.Advance(ServerStageReporter.Interval);

        Assert.Single(_sent);
    }

    [Fact]
    public void Dispose_Reporter_SendsNothingMore()
    {
        _viewers.Add(("a", new ServerStages(1, 1, 1, 1, 1)));

        _reporter.Dispose();
        _clock.Advance(ServerStageReporter.Interval * 3);

        Assert.Empty(_sent);
    }

    public void Dispose() => _reporter.Dispose();

    private IEnumerable<(string ViewerId, ServerStages Stages)> Read()
    {
        if (_readFails)
        {
            throw new InvalidOperationException("a viewer went away");
        }

        return [.. _viewers];
    }

    private void Send(string viewer, ReadOnlyMemory<byte> bytes) => _sent.Add((viewer, JsonDocument.Parse(bytes).RootElement.Clone()));
}
