namespace WlWebRtc.DBus.Portals;

/// <summary>
/// Keeps portal restore tokens (persist_mode=2) in files under $XDG_STATE_HOME/wlwebrtc/ (default
/// ~/.local/state/wlwebrtc/), so that a restart does not ask the user again. Files are private to the user.
/// </summary>
public sealed class RestoreTokenStore
{
    public RestoreTokenStore(string? directory = null)
    {
        Directory = directory ?? DefaultDirectory();
    }

    public string Directory { get; }

    public static string DefaultDirectory()
    {
        var state = Environment.GetEnvironmentVariable("XDG_STATE_HOME");
        if (string.IsNullOrEmpty(state) || !Path.IsPathRooted(state))
        {
            state = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "state");
        }

        return Path.Combine(state, "wlwebrtc");
    }

    /// <summary>The token saved under <paramref name="key"/>, or null (also when the file is unreadable).</summary>
    public string? Load(string key)
    {
        try
        {
            var token = File.ReadAllText(PathFor(key)).Trim();
            return token.Length == 0 ? null : token;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    public void Save(string key, string token)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(token);
        System.IO.Directory.CreateDirectory(Directory);
        var path = PathFor(key);
        var temporary = path + ".tmp";
        var fileOptions = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            // A restore token grants screen access without asking: only the user may read it.
            fileOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(temporary, fileOptions))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(token);
        }

        File.Move(temporary, path, overwrite: true);
    }

    public void Clear(string key)
    {
        try
        {
            File.Delete(PathFor(key));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }

    private string PathFor(string key)
    {
        if (key.Length == 0 || key.Any(c => !char.IsAsciiLetterOrDigit(c) && c is not '-' and not '_'))
        {
            throw new ArgumentException($"The restore token key '{key}' must be letters, digits, '-' or '_'.", nameof(key));
        }

        return Path.Combine(Directory, key + ".restore-token");
    }
}
