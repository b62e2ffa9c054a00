namespace WlWebRtc.Signaling.Tests.EndToEnd;

/// <summary>The real server with a viewer connected stops cleanly on SIGTERM.</summary>
public sealed class ServerLifetimeTests
{
    [Fact]
    public async Task SigTerm_WithWhepViewer_ExitsWithCodeZero()
    {
        await using var server = await TestPatternServer.StartAsync(width: 960, height: 540, fps: 15);
        await using (var browser = await Testing.Browser.HeadlessChromium.LaunchAsync())
        {
            await using var player = await WhepPlayer.OpenAsync(browser);
            Assert.Equal(201, (await player.PlayAsync(server.WhepUrl, TestPatternServer.Token)).Status);
            await player.WaitForFramesAsync(5, TimeSpan.FromSeconds(30));
            var exitCode = await server.TerminateAsync(TimeSpan.FromSeconds(20));
            Assert.True(exitCode == 0, $"exit code {exitCode}:\n{server.Output}");
            Assert.Contains("Stopping", server.Output, StringComparison.Ordinal);
        }
    }
}
