using System.Net.Sockets;

namespace WlWebRtc.Host.Tests.Hardware;

/// <summary>A scratch directory tree (fake /dev, /sys, /proc, runtime dirs), deleted on dispose.</summary>
internal sealed class TempTree : IDisposable
{
    private readonly List<Socket> _sockets = [];

    public TempTree()
    {
        // Short paths: a Unix socket path must fit in 108 bytes.
        Root = Directory.CreateTempSubdirectory("wlhw").FullName;
    }

    public string Root { get; }

    public string PathOf(string relative) => Path.Combine(Root, relative);

    public string Dir(string relative) => Directory.CreateDirectory(PathOf(relative)).FullName;

    public string File(string relative, string contents)
    {
        var path = PathOf(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        System.IO.File.WriteAllText(path, contents);
        return path;
    }

    public string Symlink(string relative, string target)
    {
        var path = PathOf(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        System.IO.File.CreateSymbolicLink(path, target);
        return path;
    }

    /// <summary>A Unix socket with a listening server that stays up until dispose.</summary>
    public string ListeningSocket(string relative)
    {
        var path = PathOf(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(path));
        socket.Listen(4);
        _sockets.Add(socket);
        return path;
    }

    /// <summary>
    /// A socket file nobody accepts on (bound, never listening), as after a crashed compositor: connecting is
    /// refused. The socket stays open until dispose, because .NET deletes the file when it closes the socket.
    /// </summary>
    public string RefusingSocket(string relative)
    {
        var path = PathOf(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(path));
        _sockets.Add(socket);
        return path;
    }

    public void Dispose()
    {
        foreach (var socket in _sockets)
        {
            socket.Dispose();
        }

        Directory.Delete(Root, recursive: true);
    }
}
