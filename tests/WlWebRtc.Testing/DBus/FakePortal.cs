using System.Collections.Concurrent;
using System.IO.Pipes;
using WlWebRtc.DBus;
using WlWebRtc.DBus.Portals;

namespace WlWebRtc.Testing.DBus;

/// <summary>
/// A fake xdg-desktop-portal exported by a second connection on a real dbus-daemon: answers the ScreenCast and
/// RemoteDesktop methods the way the portal does, emitting each Response BEFORE the method reply, which only a
/// client that subscribed before calling survives.
/// </summary>
public sealed class FakePortal : IDBusObject, IAsyncDisposable
{
    private readonly DBusConnection _service;
    private readonly IDisposable _registration;
    private readonly ConcurrentDictionary<string, IDisposable> _sessions = new();
    private int _tokens;

    private FakePortal(DBusConnection service)
    {
        _service = service;
        _registration = service.RegisterObject(PortalNames.ObjectPath, this);
    }

    public uint ScreenCastVersion { get; set; } = 4;

    public uint SourceTypes { get; set; } = 1;

    public uint CursorModes { get; set; } = 7;

    public bool OfferRemoteDesktop { get; set; } = true;

    public uint DeviceTypes { get; set; } = 3;

    public uint StartResponse { get; set; }

    public bool AnswerStart { get; set; } = true;

    public ConcurrentQueue<(string Method, DBusMessage Message)> Calls { get; } = new();

    public ConcurrentQueue<string> ClosedSessions { get; } = new();

    public static async Task<FakePortal> StartAsync(DBusConnection service)
    {
        var reply = await service.RequestNameAsync(PortalNames.Service);
        if (reply != RequestNameReply.PrimaryOwner)
        {
            throw new InvalidOperationException($"The fake portal could not own {PortalNames.Service}: {reply}.");
        }

        return new FakePortal(service);
    }

    public Dictionary<string, DBusVariant> OptionsOf(string method) =>
        DBusValue.ToVardict(Calls.Single(c => c.Method == method).Message.Body[^1]);

    /// <summary>What the compositor does when it ends a cast: Session.Closed on the session's path.</summary>
    public void CloseSessionFromCompositor(string session, string destination) =>
        _service.EmitSignal(session, PortalNames.Session, "Closed", "a{sv}", [new Dictionary<string, DBusVariant>()], destination);

    public ValueTask<DBusReply> HandleMethodCallAsync(DBusMessage message, CancellationToken cancellationToken)
    {
        var method = $"{message.Interface?[(message.Interface.LastIndexOf('.') + 1)..]}.{message.Member}";
        if (message.Interface == DBusConnection.PropertiesInterface)
        {
            return ValueTask.FromResult(GetProperty((string)message.Body[0], (string)message.Body[1]));
        }

        if (message.Interface == PortalNames.RemoteDesktop && !OfferRemoteDesktop)
        {
            throw new DBusErrorException("org.freedesktop.DBus.Error.UnknownMethod", $"No such interface {message.Interface}");
        }

        Calls.Enqueue((method, message));
        switch (message.Member)
        {
            case "CreateSession":
            {
                var options = DBusValue.ToVardict(message.Body[0]);
                var session = PathFor(message.Sender!, "session", (string)options["session_handle_token"].Value);
                _sessions[session] = _service.RegisterObject(session, new SessionObject(this, session));
                return Respond(message, options, 0, new() { ["session_handle"] = new("s", session) });
            }

            case "SelectSources" or "SelectDevices":
                return Respond(message, DBusValue.ToVardict(message.Body[^1]), 0, []);
            case "Start":
            {
                var results = new Dictionary<string, DBusVariant>
                {
                    ["streams"] = new("a(ua{sv})", new object[]
                    {
                        new DBusStruct(42u, new Dictionary<string, DBusVariant>
                        {
                            ["position"] = new("(ii)", new DBusStruct(0, 0)),
                            ["size"] = new("(ii)", new DBusStruct(1280, 720)),
                            ["source_type"] = new("u", 1u),
                        }),
                    }),
                    ["restore_token"] = new("s", $"token-{Interlocked.Increment(ref _tokens)}"),
                };
                if (message.Interface == PortalNames.RemoteDesktop)
                {
                    results["devices"] = new("u", DeviceTypes);
                }

                if (!AnswerStart)
                {
                    return ValueTask.FromResult(new DBusReply("o", [new ObjectPath(PathFor(message.Sender!, "request", (string)DBusValue.ToVardict(message.Body[^1])["handle_token"].Value))]));
                }

                return Respond(message, DBusValue.ToVardict(message.Body[^1]), StartResponse, results);
            }

            case "OpenPipeWireRemote":
            {
                using var pipe = new AnonymousPipeServerStream(PipeDirection.Out);
                pipe.Write("pipewire"u8);
                return ValueTask.FromResult(new DBusReply("h", [pipe.ClientSafePipeHandle]));
            }

            default:
                if (message.Member!.StartsWith("Notify", StringComparison.Ordinal))
                {
                    return ValueTask.FromResult(DBusReply.Empty);
                }

                throw new DBusErrorException("org.freedesktop.DBus.Error.UnknownMethod", $"No method {method}");
        }
    }

    public ValueTask DisposeAsync()
    {
        _registration.Dispose();
        foreach (var session in _sessions.Values)
        {
            session.Dispose();
        }

        return ValueTask.CompletedTask;
    }

    private DBusReply GetProperty(string @interface, string property) => (@interface, property) switch
    {
        (PortalNames.ScreenCast, "version") => new("v", [new DBusVariant("u", ScreenCastVersion)]),
        (PortalNames.ScreenCast, "AvailableSourceTypes") => new("v", [new DBusVariant("u", SourceTypes)]),
        (PortalNames.ScreenCast, "AvailableCursorModes") => new("v", [new DBusVariant("u", CursorModes)]),
        (PortalNames.RemoteDesktop, "version") when OfferRemoteDesktop => new("v", [new DBusVariant("u", 2u)]),
        (PortalNames.RemoteDesktop, "AvailableDeviceTypes") when OfferRemoteDesktop => new("v", [new DBusVariant("u", DeviceTypes)]),
        _ => throw new DBusErrorException("org.freedesktop.DBus.Error.InvalidArgs", $"No such interface “{@interface}”"),
    };

    private ValueTask<DBusReply> Respond(DBusMessage call, Dictionary<string, DBusVariant> options, uint code, Dictionary<string, DBusVariant> results)
    {
        var request = PathFor(call.Sender!, "request", (string)options["handle_token"].Value);
        _service.EmitSignal(request, PortalNames.Request, "Response", "ua{sv}", [code, results], call.Sender);
        return ValueTask.FromResult(new DBusReply("o", [new ObjectPath(request)]));
    }

    private static string PathFor(string sender, string kind, string token) =>
        $"/org/freedesktop/portal/desktop/{kind}/{sender.TrimStart(':').Replace('.', '_')}/{token}";

    private sealed class SessionObject(FakePortal portal, string path) : IDBusObject
    {
        public ValueTask<DBusReply> HandleMethodCallAsync(DBusMessage message, CancellationToken cancellationToken)
        {
            if (message.Interface == PortalNames.Session && message.Member == "Close")
            {
                portal.ClosedSessions.Enqueue(path);
                return ValueTask.FromResult(DBusReply.Empty);
            }

            throw new DBusErrorException("org.freedesktop.DBus.Error.UnknownMethod", message.Member ?? string.Empty);
        }
    }
}
