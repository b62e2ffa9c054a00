using WlWebRtc.Testing.DBus;


namespace WlWebRtc.DBus.Tests.Integration;

public sealed class ConnectionTests : IDisposable
{
    private readonly DBusDaemon _daemon = DBusDaemon.Start();

    public void Dispose() => _daemon.Dispose();

    [Fact]
    public async Task ConnectAsync_RealDaemon_SaysHelloAndGetsUniqueName()
    {
        await using var connection = await _daemon.ConnectAsync();

        Assert.StartsWith(":", connection.UniqueName, StringComparison.Ordinal);
        Assert.True(connection.UnixFdPassingEnabled);
        Assert.Equal(32, connection.ServerGuid.Length);
    }

    [Fact]
    public async Task ConnectAsync_FirstAddressUnreachable_UsesNextEntry()
    {
        var address = $"unix:path={_daemon.Directory}/missing;unix:path={_daemon.SocketPath}";

        await using var connection = await DBusConnection.ConnectAsync(address);

        Assert.StartsWith(":", connection.UniqueName, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConnectAsync_AbstractSocketDaemon_Connects()
    {
        using var daemon = DBusDaemon.Start("unix:abstract=/tmp/wlwebrtc-test-" + Guid.NewGuid().ToString("N"));
        Assert.Contains("unix:abstract=", daemon.Address, StringComparison.Ordinal);

        await using var connection = await daemon.ConnectAsync();

        Assert.True(await connection.NameHasOwnerAsync(connection.UniqueName));
    }

    [Fact]
    public async Task ConnectAsync_NoListener_ThrowsNamingTheSocket()
    {
        var address = $"unix:path={_daemon.Directory}/missing";

        var error = await Assert.ThrowsAsync<DBusConnectionException>(() => DBusConnection.ConnectAsync(address));

        Assert.Contains("missing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListNamesAsync_TwoConnections_ListsBothUniqueNamesAndTheBus()
    {
        await using var first = await _daemon.ConnectAsync();
        await using var second = await _daemon.ConnectAsync();

        var names = await first.ListNamesAsync();

        Assert.Contains(first.UniqueName, names);
        Assert.Contains(second.UniqueName, names);
        Assert.Contains(DBusConnection.BusName, names);
    }

    [Fact]
    public async Task CallMethodAsync_GetId_ReturnsTheSameBusIdToEveryConnection()
    {
        await using var first = await _daemon.ConnectAsync();
        await using var second = await _daemon.ConnectAsync();

        var reply = await first.CallMethodAsync(DBusConnection.BusName, DBusConnection.BusPath, DBusConnection.BusName, "GetId");
        var again = await second.CallMethodAsync(DBusConnection.BusName, DBusConnection.BusPath, DBusConnection.BusName, "GetId");

        Assert.Equal("s", reply.Signature);
        Assert.Matches("^[0-9a-f]{32}$", (string)reply.Body[0]);
        Assert.Equal(reply.Body[0], again.Body[0]);
        Assert.Contains("guid=" + first.ServerGuid, _daemon.Address, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NameHasOwnerAsync_RequestedAndUnownedNames_ReportsOwnership()
    {
        await using var owner = await _daemon.ConnectAsync();
        await using var client = await _daemon.ConnectAsync();
        Assert.Equal(RequestNameReply.PrimaryOwner, await owner.RequestNameAsync("org.wlwebrtc.Test"));

        Assert.True(await client.NameHasOwnerAsync("org.wlwebrtc.Test"));
        Assert.False(await client.NameHasOwnerAsync("org.wlwebrtc.Nobody"));
        Assert.Equal(owner.UniqueName, await client.GetNameOwnerAsync("org.wlwebrtc.Test"));
        Assert.Null(await client.GetNameOwnerAsync("org.wlwebrtc.Nobody"));
    }

    [Fact]
    public async Task CallMethodAsync_UnknownMethod_ThrowsErrorWithNameAndMessage()
    {
        await using var connection = await _daemon.ConnectAsync();

        var error = await Assert.ThrowsAsync<DBusErrorException>(() =>
            connection.CallMethodAsync(DBusConnection.BusName, DBusConnection.BusPath, DBusConnection.BusName, "NoSuchMethod"));

        Assert.Equal("org.freedesktop.DBus.Error.UnknownMethod", error.ErrorName);
        Assert.Contains("NoSuchMethod", error.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CallMethodAsync_MissingService_ThrowsServiceUnknown()
    {
        await using var connection = await _daemon.ConnectAsync();

        var error = await Assert.ThrowsAsync<DBusErrorException>(() =>
            connection.CallMethodAsync("org.wlwebrtc.Missing", "/", "org.wlwebrtc.Missing", "Anything"));

        Assert.Equal("org.freedesktop.DBus.Error.ServiceUnknown", error.ErrorName);
    }

    [Fact]
    public async Task GetPropertyAsync_BusFeatures_ReturnsTypedArray()
    {
        await using var connection = await _daemon.ConnectAsync();

        var features = await connection.GetPropertyAsync<object[]>(DBusConnection.BusName, DBusConnection.BusPath, DBusConnection.BusName, "Features");
        var interfaces = await connection.GetPropertyAsync<object[]>(DBusConnection.BusName, DBusConnection.BusPath, DBusConnection.BusName, "Interfaces");

        Assert.All(features, f => Assert.IsType<string>(f));
        Assert.Contains("org.freedesktop.DBus.Monitoring", interfaces);
    }

    [Fact]
    public async Task GetPropertyAsync_ExportedObject_ConvertsNumericVariant()
    {
        await using var service = await _daemon.ConnectAsync();
        await using var client = await _daemon.ConnectAsync();
        using var registration = service.RegisterObject("/org/wlwebrtc/Props", new PropertiesObject());

        var version = await client.GetPropertyAsync<uint>(service.UniqueName, "/org/wlwebrtc/Props", "org.wlwebrtc.Thing", "version");
        var asLong = await client.GetPropertyAsync<long>(service.UniqueName, "/org/wlwebrtc/Props", "org.wlwebrtc.Thing", "version");
        var all = await client.GetAllPropertiesAsync(service.UniqueName, "/org/wlwebrtc/Props", "org.wlwebrtc.Thing");

        Assert.Equal(4u, version);
        Assert.Equal(4L, asLong);
        Assert.Equal(4u, all["version"].Value);
        await Assert.ThrowsAsync<InvalidCastException>(() =>
            client.GetPropertyAsync<string>(service.UniqueName, "/org/wlwebrtc/Props", "org.wlwebrtc.Thing", "version"));
    }

    [Fact]
    public async Task CallMethodAsync_ServiceNeverAnswers_ThrowsTimeoutNamingTheCall()
    {
        await using var service = await _daemon.ConnectAsync();
        await using var client = await _daemon.ConnectAsync();
        using var registration = service.RegisterObject("/stuck", new NeverAnswers());

        var error = await Assert.ThrowsAsync<DBusTimeoutException>(() =>
            client.CallMethodAsync(service.UniqueName, "/stuck", "org.wlwebrtc.Stuck", "Wait", timeout: TimeSpan.FromMilliseconds(300)));

        Assert.Contains("org.wlwebrtc.Stuck.Wait", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConnectAsync_ListenerThatNeverAnswers_FailsWithinConnectTimeout()
    {
        var path = Path.Combine(_daemon.Directory, "silent");
        using var listener = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Unspecified);
        listener.Bind(new System.Net.Sockets.UnixDomainSocketEndPoint(path));
        listener.Listen(1);

        var error = await Assert.ThrowsAsync<DBusConnectionException>(() =>
            DBusConnection.ConnectAsync("unix:path=" + path, new DBusConnectionOptions { ConnectTimeout = TimeSpan.FromMilliseconds(300) }));

        Assert.Contains("Timed out", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CallMethodAsync_DaemonKilledDuringCall_FailsInsteadOfHanging()
    {
        await using var service = await _daemon.ConnectAsync();
        await using var client = await _daemon.ConnectAsync();
        using var registration = service.RegisterObject("/stuck", new NeverAnswers());
        var call = client.CallMethodAsync(service.UniqueName, "/stuck", "org.wlwebrtc.Stuck", "Wait", timeout: TimeSpan.FromSeconds(20));

        _daemon.Dispose();

        await Assert.ThrowsAsync<DBusConnectionException>(() => call);
        await Assert.ThrowsAnyAsync<Exception>(() => client.Completion);
    }

    private sealed class PropertiesObject : IDBusObject
    {
        public ValueTask<DBusReply> HandleMethodCallAsync(DBusMessage message, CancellationToken cancellationToken) =>
            (message.Interface, message.Member) switch
            {
                ("org.freedesktop.DBus.Properties", "Get") when (string)message.Body[1] == "version" =>
                    ValueTask.FromResult(new DBusReply("v", [new DBusVariant("u", 4u)])),
                ("org.freedesktop.DBus.Properties", "GetAll") =>
                    ValueTask.FromResult(new DBusReply("a{sv}", [new Dictionary<string, DBusVariant> { ["version"] = new("u", 4u) }])),
                _ => throw new DBusErrorException("org.freedesktop.DBus.Error.UnknownProperty", "No such property."),
            };
    }

    private sealed class NeverAnswers : IDBusObject
    {
        public async ValueTask<DBusReply> HandleMethodCallAsync(DBusMessage message, CancellationToken cancellationToken)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return DBusReply.Empty;
        }
    }
}
