namespace WlWebRtc.Host;

/// <summary>
/// The event ids of every log message of the host, one range per area, so that no id is used twice and an id keeps
/// its number (log filters and dashboards use it): 1 server, 40 metrics, 100 plugins, 200 viewer gateway,
/// 300 video pipeline, 400 streaming host, 1100 hardware detection, 1600 display (following the viewer's size).
/// </summary>
internal static class EventIds
{
    // Server start and stop (ServerRunner.cs)
    public const int PluginNotUsable = 1;
    public const int SelectionProblem = 2;
    public const int AlreadyRunning = 3;
    public const int Serving = 4;
    public const int Stopping = 5;
    public const int StartFailed = 6;
    public const int SelfSignedCertificate = 7;
    public const int CertificateLoaded = 8;
    public const int CertificateProblem = 9;
    public const int AlsoServing = 10;
    public const int StoppedAfterCaptureFailure = 11;

    // Metrics endpoint (MetricsEndpoint.cs)
    public const int MetricsRefused = 40;
    public const int MetricsThrottled = 41;

    // Plugin loading and probing (PluginLoader.cs, PluginProber.cs)
    public const int PluginLoaded = 100;
    public const int PluginRefused = 101;
    public const int PluginProbed = 110;

    // Viewer gateway (ViewerGateway.cs)
    public const int ViewerJoined = 200;
    public const int ViewerLeft = 201;
    public const int ChannelOpened = 202;
    public const int ViewerCloseFailed = 203;
    public const int ViewerFailed = 204;
    public const int ViewerCallbackFailed = 205;
    public const int CountObserverFailed = 206;

    // Video pipeline (VideoPipeline.cs)
    public const int CaptureStopped = 300;
    public const int EncoderFailed = 301;
    public const int EncoderOpened = 302;
    public const int RepeatFailed = 303;
    public const int PipelineStepFailed = 304;
    public const int EncoderCloseFailed = 305;
    public const int FrameSizeObserverFailed = 306;
    public const int CaptureFailureObserverFailed = 307;
    public const int CursorRelayFailed = 308;
    public const int WarmEncoderClosed = 309;

    // Degradation policy in the video pipeline (Streaming/Degradation, VideoPipeline.cs)
    public const int EncodeFrameRateChanged = 350;
    public const int ViewerTierChanging = 351;

    // Server stages sent to the viewers' overlays (Streaming/Stages/ServerStageReporter.cs)
    public const int StageReportFailed = 380;

    // Streaming host (start, input, shutdown) (StreamingHost.cs)
    public const int StreamingStarted = 400;
    public const int NoSignaling = 401;
    public const int InputStarted = 402;
    public const int InputFailed = 403;
    public const int ShutdownStepFailed = 404;
    public const int ShutdownStepTimedOut = 405;
    public const int ShutdownDone = 406;

    // Clipboard (StreamingHost.cs): 450–
    public const int ClipboardStarted = 450;
    public const int ClipboardFailed = 451;

    // Hardware detection (HardwareDetector.cs, DetectionGuard.cs)
    public const int HardwareDetected = 1100;
    public const int HardwareDetectorTimedOut = 1101;
    public const int HardwareDetectorFailed = 1102;
    public const int HardwareComponent = 1103;

    // Following the controlling viewer's size (Streaming/Display/, issue 16)
    public const int ViewerSizeWanted = 1600;
    public const int OutputResized = 1601;
    public const int OutputResizeFailed = 1602;
    public const int ViewerSizeNotFollowed = 1603;
    public const int OutputRestoreScheduled = 1604;
    public const int OutputRestored = 1605;
    public const int OutputRestoreFailed = 1606;

    // Several outputs: listing them to viewers, switching the watched one (Streaming/Display/OutputSwitcher.cs)
    public const int OutputSwitchRequested = 1610;
    public const int OutputSwitched = 1611;
    public const int OutputSwitchFailed = 1612;
    public const int OutputListFailed = 1613;
    public const int OutputSwitchIgnored = 1614;
    public const int OutputNotSelected = 1615;
    // Headless session mode (Session/HeadlessStart.cs; the session library logs the rest with its own ids)
    public const int HeadlessAlreadyRunning = 1200;

    // Egress sessions (ViewerGateway.PublishAsync, issue 18)
    public const int EgressJoined = 1800;
}
