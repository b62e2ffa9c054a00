using System.Globalization;
using WlWebRtc.Session.Processes;

namespace WlWebRtc.Session.Sway;

/// <summary>
/// The account that runs the compositor and the desktop's programs. sway refuses to run as root, and a desktop that
/// anyone with the control token can type into must not be root's: started as root, the server runs them as
/// <c>session.user</c> (default: the <c>wlwebrtc</c> account if it exists, else <c>nobody</c>) through setpriv.
/// Otherwise they run as the server's own user.
/// </summary>
/// <param name="Name">The account name.</param>
/// <param name="Uid">Its user id.</param>
/// <param name="Gid">Its primary group id.</param>
/// <param name="Home">Its home directory, or null when it has none usable (the session then gives it one in its run directory).</param>
/// <param name="Shell">The shell a terminal starts (the account's own unless it is a no-login one).</param>
/// <param name="IsOtherUser">Whether it differs from the server's user (the server is root).</param>
internal sealed record SessionAccount(string Name, int Uid, int Gid, string? Home, string Shell, bool IsOtherUser)
{
    /// <summary>The words that run a program as this account: setpriv when it is another user, else none.</summary>
    public IReadOnlyList<string> CommandPrefix => IsOtherUser
        ? ["setpriv", string.Create(CultureInfo.InvariantCulture, $"--reuid={Uid}"), string.Create(CultureInfo.InvariantCulture, $"--regid={Gid}"), "--init-groups", "--"]
        : [];

    public static async Task<SessionAccount> ResolveAsync(string? configured, CancellationToken cancellationToken)
    {
        var isRoot = Interop.GetEffectiveUserId() == 0;
        string name;
        if (!isRoot)
        {
            name = Environment.UserName;
            if (configured is not null && configured != name)
            {
                throw new SessionStartException($"session.user = \"{configured}\" needs the server to start as root; it runs as {name} (leave session.user empty to use {name})");
            }
        }
        else
        {
            name = configured ?? (await LookUpAsync("wlwebrtc", cancellationToken).ConfigureAwait(false) is not null ? "wlwebrtc" : "nobody");
        }

        var entry = await LookUpAsync(name, cancellationToken).ConfigureAwait(false)
            ?? throw new SessionStartException($"session.user: there is no account named '{name}' (create it: useradd --system --create-home --home-dir /var/lib/{name} {name})");
        var account = Parse(entry, isRoot) ?? throw new SessionStartException($"session.user: cannot read the account entry '{entry}'");
        if (account.Uid == 0)
        {
            throw new SessionStartException($"session.user: '{name}' is root; sway refuses to run as root, and the desktop must not be root's");
        }

        return account;
    }

    /// <summary>Parses a passwd line (<c>name:x:uid:gid:gecos:home:shell</c>).</summary>
    internal static SessionAccount? Parse(string passwdLine, bool serverIsRoot)
    {
        var fields = passwdLine.Trim().Split(':');
        if (fields.Length < 7
            || !int.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out var uid)
            || !int.TryParse(fields[3], NumberStyles.None, CultureInfo.InvariantCulture, out var gid))
        {
            return null;
        }

        var home = fields[5].Length > 1 && Directory.Exists(fields[5]) ? fields[5] : null;
        var shell = fields[6];
        if (shell.Length == 0 || shell.EndsWith("nologin", StringComparison.Ordinal) || shell.EndsWith("false", StringComparison.Ordinal) || !File.Exists(shell))
        {
            shell = File.Exists("/bin/bash") ? "/bin/bash" : "/bin/sh";
        }

        return new SessionAccount(fields[0], uid, gid, home, shell, serverIsRoot);
    }

    private static async Task<string?> LookUpAsync(string name, CancellationToken cancellationToken)
    {
        var result = await CommandRunner.RunAsync("getent", ["passwd", name], null, TimeSpan.FromSeconds(10), cancellationToken).ConfigureAwait(false);
        return result.ExitCode == 0 && result.StandardOutput.Trim().Length > 0 ? result.StandardOutput.Trim().Split('\n')[0] : null;
    }
}
