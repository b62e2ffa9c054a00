using Microsoft.Extensions.Logging.Abstractions;
using WlWebRtc.Portal.Configuration;
using WlWebRtc.Portal.Session;
using WlWebRtc.Testing;
using WlWebRtc.Testing.DBus;

namespace WlWebRtc.Capture.Tests.Portal;

/// <summary>The capture's side of the fake portal bus: its portal environment, its options, its handshake.</summary>
internal static class FakePortalBusCapture
{
    extension(FakePortalBus bus)
    {
        /// <summary>A portal environment aimed at the private bus, with the bus's restore-token directory.</summary>
        public PortalEnvironment Environment => new(bus.Address, bus.StateDirectory);

        public static PortalCaptureOptions Options(IReadOnlyDictionary<string, string?>? settings = null)
        {
            var (options, errors) = PortalCaptureOptions.Parse(TestSettings.Create(settings ?? new Dictionary<string, string?>()));
            Assert.Empty(errors);
            return options;
        }

        /// <summary>The capture's portal handshake; the PipeWire fd (a pipe from the fake) is closed at once.</summary>
        public async Task<PortalCaptureSession> OpenAsync(bool inputRequested, IReadOnlyDictionary<string, string?>? settings = null)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            var (session, fd) = await PortalCaptureSession.OpenAsync(FakePortalBus.Options(settings), inputRequested, bus.Environment, NullLogger.Instance, timeout.Token);
            new Microsoft.Win32.SafeHandles.SafeFileHandle(fd, ownsHandle: true).Dispose();
            return session;
        }
    }
}
