using WlWebRtc.Testing.Desktop;

namespace WlWebRtc.Kde.Tests;

public sealed class HeadlessKwinTests
{
    [Fact]
    public async Task StartAsync_Kwin_ReadyWithGrantThenStopsEveryProcess()
    {
        var options = new HeadlessDesktopOptions(640, 480);
        HeadlessKwin session;
        int kwinPid;
        IReadOnlyList<int> live;
        using (session = await HeadlessKwin.StartAsync(options, [HeadlessKwin.CurrentExecutable]))
        {
            kwinPid = session.Component("kwin").Pid;
            Assert.True(File.Exists(Path.Combine(session.RuntimeDirectory, session.WaylandDisplay)));
            Assert.True(await session.BusHasNameAsync(HeadlessKwin.KwinName));
            var grant = Assert.Single(session.GrantFiles);
            Assert.Contains("Exec=" + HeadlessKwin.CurrentExecutable + "\n", await File.ReadAllTextAsync(grant), StringComparison.Ordinal);
            live = session.LiveProcessesOfRun();
            Assert.Contains(kwinPid, live);
        }

        Assert.False(HeadlessSession.IsProcessAlive(kwinPid));
        Assert.All(live, pid => Assert.False(HeadlessSession.IsProcessAlive(pid), $"pid {pid} of the run still lives"));
        Assert.Empty(session.LiveProcessesOfRun());
        Assert.False(Directory.Exists(session.RunDirectory));
    }
}
