using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using WlWebRtc.Testing.Network.Wire;

namespace WlWebRtc.Testing.Network;

/// <summary>
/// Named network namespaces (<c>ip netns</c>) for the test topologies (<see cref="NatTopology"/>, <see cref="WanNetwork"/>):
/// commands in them, code on a thread inside one (for sockets and TUN devices that must belong to it), deletion with
/// the processes left in them, and clean-up of namespaces a killed run left behind. Names start with a prefix and the
/// owning process's id, so a live run's namespaces are never touched by another.
/// </summary>
public static class NetworkNamespace
{
    /// <summary>Runs <paramref name="action"/> on a new thread that has entered namespace <paramref name="name"/>:
    /// sockets and TUN devices it creates belong to that namespace for good (the thread then ends).</summary>
    public static T Enter<T>(string name, Func<T> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        T result = default!;
        Exception? error = null;
        var thread = new Thread(() =>
        {
            try
            {
                using var handle = File.OpenHandle(Path.Combine("/run/netns", name), FileMode.Open, FileAccess.Read);
                LinuxNative.Check(LinuxNative.SetNamespace((int)handle.DangerousGetHandle(), LinuxNative.CloneNewNet), "setns " + name);
                result = action();
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException or ExternalException)
            {
                error = ex;
            }
        })
        { IsBackground = true, Name = "netns-" + name };
        thread.Start();
        thread.Join();
        return error is null ? result : throw new InvalidOperationException($"in network namespace {name}: {error.Message}", error);
    }

    /// <summary>Runs a command in namespace <paramref name="name"/> and returns its output.</summary>
    public static string Exec(string name, params string[] command) => Run(["ip", "netns", "exec", name, .. command]);

    /// <summary>Deletes the namespaces starting with <paramref name="prefix"/> whose owner (the pid after the prefix) is gone.</summary>
    public static void DeleteStale(string prefix)
    {
        foreach (var line in Run(["ip", "netns", "list"]).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var name = line.Split(' ')[0];
            if (!name.StartsWith(prefix, StringComparison.Ordinal))
            {
                continue;
            }

            var pidText = name[prefix.Length..].Split('-')[0];
            if (int.TryParse(pidText, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && (pid == Environment.ProcessId || Directory.Exists($"/proc/{pid}")))
            {
                continue; // ours, or another live run's
            }

            Delete(name);
        }
    }

    /// <summary>Kills what runs in the namespace, then deletes it (its interfaces go with it); nothing when it is gone.</summary>
    public static void Delete(string name)
    {
        // A namespace lives on while a process is in it: kill those first (the server, whatever it started).
        try
        {
            foreach (var pidText in Run(["ip", "netns", "pids", name]).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (int.TryParse(pidText, NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
                {
                    try
                    {
                        using var process = Process.GetProcessById(pid);
                        process.Kill(entireProcessTree: true);
                        process.WaitForExit(5000);
                    }
                    catch (ArgumentException)
                    {
                    }
                    catch (InvalidOperationException)
                    {
                    }
                }
            }

            Run(["ip", "netns", "del", name]);
        }
        catch (InvalidOperationException)
        {
            // Already gone (or never made, when building failed half way).
        }
    }

    /// <summary>A /24 of 100.64.0.0/10 (shared address space) with no address or route on this machine: "100.x.y".</summary>
    public static string PickFreeSubnet()
    {
        var used = Run(["ip", "-4", "addr"]) + Run(["ip", "-4", "route"]);
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var subnet = string.Create(CultureInfo.InvariantCulture, $"100.{Random.Shared.Next(64, 128)}.{Random.Shared.Next(0, 256)}");
            if (!used.Contains(subnet + ".", StringComparison.Ordinal))
            {
                return subnet;
            }
        }

        throw new InvalidOperationException("no free /24 in 100.64.0.0/10");
    }

    /// <summary>Runs a command and returns its output; throws with its stderr when it fails.</summary>
    public static string Run(IReadOnlyList<string> command, string? input = null)
    {
        ArgumentNullException.ThrowIfNull(command);
        var start = new ProcessStartInfo(command[0]) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = input is not null, UseShellExecute = false };
        foreach (var argument in command.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {command[0]}");
        if (input is not null)
        {
            process.StandardInput.Write(input);
            process.StandardInput.Close();
        }

        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0
            ? stdout
            : throw new InvalidOperationException($"{string.Join(' ', command)} failed ({process.ExitCode}): {stderr.Result}");
    }
}
