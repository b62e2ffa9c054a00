using WlWebRtc.Testing.Server;
using WlWebRtc.Testing.Browser;

namespace WlWebRtc.Signaling.Tests.EndToEnd;

/// <summary>One real server and one headless Chromium shared by the end-to-end tests of a collection.</summary>
public sealed class ServerFixture : IAsyncLifetime
{
    internal ServerProcess Server { get; private set; } = null!;

    internal HeadlessChromium Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await TestPatternServer.StartAsync();
        Browser = await HeadlessChromium.LaunchAsync();
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        if (Server is not null)
        {
            await Server.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class RealServerGroup : ICollectionFixture<ServerFixture>
{
    public const string Name = "real server";
}
