using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;

namespace WlWebRtc.Host.Control;

/// <summary>
/// Renders one <see cref="Meter"/>'s instruments in the Prometheus text format (version 0.0.4), for <c>/metrics</c>.
/// A <see cref="MeterListener"/> aggregates what the instruments measure: counters sum (observable ones report their
/// total), gauges keep the last value, histograms count into their advised buckets. Each render first asks the
/// observable instruments for their values; their series are those of this render only (a viewer that left is gone).
/// Names: '.' becomes '_', unit "s" adds "_seconds", counters add "_total". Thread-safe.
/// </summary>
internal sealed class PrometheusTextExporter : IDisposable
{
    /// <summary>Buckets for a histogram without advice (seconds-like values).</summary>
    private static readonly double[] DefaultBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private readonly MeterListener _listener = new();
    private readonly Lock _lock = new();
    private readonly List<InstrumentState> _instruments = [];

    public PrometheusTextExporter(Meter meter)
    {
        ArgumentNullException.ThrowIfNull(meter);
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter != meter)
            {
                return;
            }

            var state = new InstrumentState(instrument, _lock);
            lock (_lock)
            {
                _instruments.Add(state);
            }

            listener.EnableMeasurementEvents(instrument, state);
        };
        _listener.MeasurementsCompleted = (instrument, state) =>
        {
            lock (_lock)
            {
                _instruments.Remove((InstrumentState)state!);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, state) => ((InstrumentState)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<int>((_, value, tags, state) => ((InstrumentState)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<double>((_, value, tags, state) => ((InstrumentState)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<float>((_, value, tags, state) => ((InstrumentState)state!).Record(value, tags));
        _listener.Start();
    }

    /// <summary>The Prometheus name of an instrument (see the class summary).</summary>
    public static string NameOf(Instrument instrument)
    {
        ArgumentNullException.ThrowIfNull(instrument);
        var name = instrument.Name.Replace('.', '_').Replace('-', '_');
        if (instrument.Unit == "s" && !name.EndsWith("_seconds", StringComparison.Ordinal))
        {
            name += "_seconds";
        }

        return KindOf(instrument) == "counter" && !name.EndsWith("_total", StringComparison.Ordinal) ? name + "_total" : name;
    }

    public string Render()
    {
        lock (_lock)
        {
            foreach (var instrument in _instruments.Where(i => i.Instrument.IsObservable))
            {
                instrument.Clear();
            }
        }

        // Outside the lock: the observable callbacks report through Record, which takes it.
        _listener.RecordObservableInstruments();
        var text = new StringBuilder();
        lock (_lock)
        {
            foreach (var instrument in _instruments)
            {
                instrument.Render(text);
            }
        }

        return text.ToString();
    }

    public void Dispose() => _listener.Dispose();

    private static string KindOf(Instrument instrument) => instrument switch
    {
        Counter<long> or Counter<int> or Counter<double> or ObservableCounter<long> or ObservableCounter<int> or ObservableCounter<double> => "counter",
        Histogram<long> or Histogram<int> or Histogram<double> => "histogram",
        _ => "gauge",
    };

    /// <summary>Whether a measurement adds to the series (push counters) or replaces it (gauges, observed totals).</summary>
    private static bool Accumulates(Instrument instrument) =>
        instrument is Counter<long> or Counter<int> or Counter<double> or UpDownCounter<long> or UpDownCounter<int> or UpDownCounter<double>;

    private static string Format(double value) => value switch
    {
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        double.NaN => "NaN",
        _ => value.ToString("0.#########", CultureInfo.InvariantCulture),
    };

    private static string Escape(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    private static string EscapeHelp(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    /// <summary>One instrument's series, by their label set (rendered, sorted by label name).</summary>
    private sealed class InstrumentState(Instrument instrument, Lock gate)
    {
        private readonly SortedDictionary<string, Series> _series = new(StringComparer.Ordinal);
        private readonly string _kind = KindOf(instrument);
        private readonly bool _accumulates = Accumulates(instrument);
        private readonly double[] _buckets = (instrument as Histogram<double>)?.Advice?.HistogramBucketBoundaries?.ToArray() ?? DefaultBuckets;

        public Instrument Instrument => instrument;

        public void Clear() => _series.Clear();

        public void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var labels = Labels(tags);
            lock (gate)
            {
                if (!_series.TryGetValue(labels, out var series))
                {
                    series = new Series(_kind == "histogram" ? new long[_buckets.Length] : null);
                    _series[labels] = series;
                }

                if (_kind == "histogram")
                {
                    var bucket = Array.FindIndex(_buckets, b => value <= b);
                    if (bucket >= 0)
                    {
                        series.Buckets![bucket]++;
                    }

                    series.Count++;
                    series.Value += value;
                }
                else
                {
                    series.Value = _accumulates ? series.Value + value : value;
                }
            }
        }

        public void Render(StringBuilder text)
        {
            var name = NameOf(instrument);
            text.Append(CultureInfo.InvariantCulture, $"# HELP {name} {EscapeHelp(instrument.Description ?? instrument.Name)}\n# TYPE {name} {_kind}\n");
            foreach (var (labels, series) in _series)
            {
                if (_kind != "histogram")
                {
                    text.Append(CultureInfo.InvariantCulture, $"{name}{Braced(labels)} {Format(series.Value)}\n");
                    continue;
                }

                var cumulative = 0L;
                for (var i = 0; i < _buckets.Length; i++)
                {
                    cumulative += series.Buckets![i];
                    text.Append(CultureInfo.InvariantCulture, $"{name}_bucket{Braced(labels, $"le=\"{Format(_buckets[i])}\"")} {cumulative}\n");
                }

                text.Append(CultureInfo.InvariantCulture, $"{name}_bucket{Braced(labels, "le=\"+Inf\"")} {series.Count}\n");
                text.Append(CultureInfo.InvariantCulture, $"{name}_sum{Braced(labels)} {Format(series.Value)}\n");
                text.Append(CultureInfo.InvariantCulture, $"{name}_count{Braced(labels)} {series.Count}\n");
            }
        }

        private static string Labels(ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            if (tags.IsEmpty)
            {
                return string.Empty;
            }

            var pairs = new List<string>(tags.Length);
            foreach (var (key, value) in tags)
            {
                pairs.Add($"{key.Replace('.', '_')}=\"{Escape(Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty)}\"");
            }

            pairs.Sort(StringComparer.Ordinal);
            return string.Join(',', pairs);
        }

        private static string Braced(string labels, string? extra = null)
        {
            var all = string.IsNullOrEmpty(labels) ? extra : extra is null ? labels : labels + "," + extra;
            return string.IsNullOrEmpty(all) ? string.Empty : "{" + all + "}";
        }
    }

    private sealed class Series(long[]? buckets)
    {
        public long[]? Buckets => buckets;

        public long Count { get; set; }

        /// <summary>The value; for a histogram, the sum of what it counted.</summary>
        public double Value { get; set; }
    }
}
