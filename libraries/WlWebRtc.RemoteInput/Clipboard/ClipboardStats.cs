namespace WlWebRtc.RemoteInput.Clipboard;

/// <summary>What the clipboard router has done: items that reached the desktop, items sent to browsers, messages or items refused.</summary>
public sealed record ClipboardStats(long ItemsToDesktop, long ItemsToBrowsers, long Refused);
