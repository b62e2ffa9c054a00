using System.Runtime.InteropServices;
using System.Text;

namespace WlWebRtc.Testing.Network.Wire;

/// <summary>
/// A TUN device (layer 3, no packet information header) created inside a network namespace and kept open by this
/// process: what the namespace routes to it comes out of <see cref="Read"/> as whole IP packets, and what is
/// written with <see cref="Write"/> enters that namespace's stack as if received. Non-blocking; the device
/// disappears when it is disposed.
/// </summary>
public sealed class TunDevice : IDisposable
{
    private const int InterfaceRequestBytes = 40;
    private int _descriptor;

    private TunDevice(int descriptor, string name, string networkNamespace)
    {
        _descriptor = descriptor;
        Name = name;
        Namespace = networkNamespace;
    }

    public string Name { get; }

    public string Namespace { get; }

    internal int Descriptor => _descriptor;

    /// <summary>Creates TUN device <paramref name="name"/> in namespace <paramref name="networkNamespace"/> (down, without address).</summary>
    public static TunDevice Create(string networkNamespace, string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (Encoding.ASCII.GetByteCount(name) > 15)
        {
            throw new ArgumentException($"An interface name has at most 15 characters: {name}", nameof(name));
        }

        return NetworkNamespace.Enter(networkNamespace, () =>
        {
            var descriptor = LinuxNative.Check(LinuxNative.Open("/dev/net/tun", LinuxNative.ReadWrite | LinuxNative.NonBlocking | LinuxNative.CloseOnExec), "open /dev/net/tun");
            var request = new byte[InterfaceRequestBytes];
            Encoding.ASCII.GetBytes(name, request);
            BitConverter.TryWriteBytes(request.AsSpan(16), (short)(LinuxNative.TunMode | LinuxNative.NoPacketInformation));
            if (LinuxNative.IoControl(descriptor, LinuxNative.TunSetInterface, request) < 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                _ = LinuxNative.Close(descriptor);
                throw new IOException($"TUNSETIFF {name} failed: errno {errno}");
            }

            return new TunDevice(descriptor, name, networkNamespace);
        });
    }

    /// <summary>Reads one packet into <paramref name="buffer"/>: its length, or 0 when none is waiting.</summary>
    public int Read(byte[] buffer)
    {
        var read = LinuxNative.Read(_descriptor, buffer, (nuint)buffer.Length);
        if (read >= 0)
        {
            return (int)read;
        }

        var errno = Marshal.GetLastPInvokeError();
        return errno is LinuxNative.ErrorAgain or LinuxNative.ErrorInterrupted ? 0 : throw new IOException($"read {Name}: errno {errno}");
    }

    /// <summary>Hands a packet to the namespace's stack; false when the device refused it (down, or a full queue).</summary>
    public bool Write(byte[] packet) => LinuxNative.Write(_descriptor, packet, (nuint)packet.Length) == packet.Length;

    public void Dispose()
    {
        var descriptor = Interlocked.Exchange(ref _descriptor, -1);
        if (descriptor >= 0)
        {
            _ = LinuxNative.Close(descriptor);
        }
    }
}
