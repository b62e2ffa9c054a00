namespace WlWebRtc.DBus.Portals;

/// <summary>What to ask the RemoteDesktop portal for; <see cref="ScreenCast"/> adds a cast to the same session.</summary>
public sealed record RemoteDesktopOptions
{
    public RemoteDesktopDeviceTypes DeviceTypes { get; init; } = RemoteDesktopDeviceTypes.Keyboard | RemoteDesktopDeviceTypes.Pointer;

    /// <summary>Also select screen-cast sources on the same session, so one permission covers both.</summary>
    public ScreenCastOptions? ScreenCast { get; init; }

    public bool Persist { get; init; } = true;

    public RestoreTokenStore? TokenStore { get; init; }

    public string TokenKey { get; init; } = "remotedesktop";

    public PortalTimeouts Timeouts { get; init; } = new();

    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (DeviceTypes == RemoteDesktopDeviceTypes.None || ((uint)DeviceTypes & ~7u) != 0)
        {
            errors.Add($"input.portal.device_types: must be a combination of keyboard, pointer and touchscreen, was {DeviceTypes}.");
        }

        errors.AddRange(Timeouts.Validate("input.portal"));
        if (ScreenCast is not null)
        {
            errors.AddRange(ScreenCast.Validate());
        }

        return errors;
    }
}

/// <summary>
/// The RemoteDesktop portal: CreateSession → SelectDevices → (ScreenCast.SelectSources on the same session) → Start.
/// </summary>
public sealed class RemoteDesktopPortal
{
    private readonly DBusConnection _connection;

    public RemoteDesktopPortal(DBusConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        _connection = connection;
    }

    /// <exception cref="PortalRequestException">The user cancelled, or the portal denied or failed a request.</exception>
    public async Task<RemoteDesktopSession> StartAsync(RemoteDesktopOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid RemoteDesktop options: " + string.Join(" ", errors), nameof(options));
        }

        var timeouts = options.Timeouts;
        var version = await _connection.GetPropertyAsync<uint>(PortalNames.Service, PortalNames.ObjectPath, PortalNames.RemoteDesktop, "version", timeouts.Call, cancellationToken).ConfigureAwait(false);
        var available = (RemoteDesktopDeviceTypes)await _connection.GetPropertyAsync<uint>(PortalNames.Service, PortalNames.ObjectPath, PortalNames.RemoteDesktop, "AvailableDeviceTypes", timeouts.Call, cancellationToken).ConfigureAwait(false);
        var devices = options.DeviceTypes & available;
        if (devices == RemoteDesktopDeviceTypes.None)
        {
            throw new PortalRequestException($"The RemoteDesktop portal offers devices {available}, none of the requested {options.DeviceTypes}.");
        }

        ScreenCastCapabilities? castCapabilities = null;
        if (options.ScreenCast is not null)
        {
            castCapabilities = await ScreenCastPortal.ReadCapabilitiesAsync(_connection, timeouts, cancellationToken).ConfigureAwait(false);
        }

        var session = await PortalSession.CreateAsync(_connection, PortalNames.RemoteDesktop, timeouts, cancellationToken).ConfigureAwait(false);
        try
        {
            var selectDevices = new Dictionary<string, DBusVariant> { ["types"] = new("u", (uint)devices) };
            if (options.Persist && version >= 2)
            {
                // The restore token lives on the RemoteDesktop session; SelectSources must not repeat it.
                selectDevices["persist_mode"] = new("u", 2u);
                if (options.TokenStore?.Load(options.TokenKey) is { } token)
                {
                    selectDevices["restore_token"] = new("s", token);
                }
            }

            await PortalRequest.CallAsync(_connection, PortalNames.RemoteDesktop, "SelectDevices", "o", [session.Handle], selectDevices, timeouts, cancellationToken).ConfigureAwait(false);
            var cursorMode = CursorModes.None;
            if (options.ScreenCast is not null)
            {
                cursorMode = (await ScreenCastPortal.SelectSourcesAsync(_connection, session.Handle, castCapabilities!, options.ScreenCast with { Timeouts = timeouts }, cancellationToken, persistHere: false).ConfigureAwait(false)).CursorMode;
            }

            var results = await PortalRequest.CallAsync(_connection, PortalNames.RemoteDesktop, "Start", "os", [session.Handle, string.Empty], [], timeouts, cancellationToken).ConfigureAwait(false);
            var granted = results.TryGetValue("devices", out var d) && d.Value is uint mask ? (RemoteDesktopDeviceTypes)mask : RemoteDesktopDeviceTypes.None;
            string? restoreToken = null;
            if (results.TryGetValue("restore_token", out var t) && t.Value is string s && s.Length > 0)
            {
                restoreToken = s;
                if (options.Persist)
                {
                    options.TokenStore?.Save(options.TokenKey, s);
                }
            }

            return new RemoteDesktopSession(_connection, session, granted, ScreenCastStreamInfo.Parse(results), cursorMode, restoreToken, timeouts);
        }
        catch
        {
            await session.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
