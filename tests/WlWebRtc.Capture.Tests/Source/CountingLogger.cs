using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace WlWebRtc.Capture.Tests.Source;

/// <summary>Keeps every log entry (level and message), to check what is logged and how often.</summary>
internal sealed class CountingLogger : ILogger
{
    public ConcurrentQueue<(LogLevel Level, string Message)> Entries { get; } = new();

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Entries.Enqueue((logLevel, formatter(state, exception)));
}
