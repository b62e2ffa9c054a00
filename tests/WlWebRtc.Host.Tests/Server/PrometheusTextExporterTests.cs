using System.Diagnostics.Metrics;
using WlWebRtc.Host.Control;

namespace WlWebRtc.Host.Tests.Server;

/// <summary>The Prometheus text exporter on a meter of the test's own (no other meter's instruments leak in).</summary>
public sealed class PrometheusTextExporterTests : IDisposable
{
    private readonly Meter _meter = new("WlWebRtc.Tests." + Guid.NewGuid().ToString("N"));

    public void Dispose() => _meter.Dispose();

    [Fact]
    public void Render_PushCounter_SumsPerLabelSetWithTotalSuffix()
    {
        var counter = _meter.CreateCounter<long>("test.requests", description: "Requests.");
        using var exporter = new PrometheusTextExporter(_meter);

        counter.Add(3, new KeyValuePair<string, object?>("path", "/ws"));
        counter.Add(4, new KeyValuePair<string, object?>("path", "/ws"));
        counter.Add(1, new KeyValuePair<string, object?>("path", "/whep"));

        Assert.Equal(
            "# HELP test_requests_total Requests.\n# TYPE test_requests_total counter\n" +
            "test_requests_total{path=\"/whep\"} 1\ntest_requests_total{path=\"/ws\"} 7\n",
            exporter.Render());
    }

    [Fact]
    public void Render_Gauges_LastValueAndFractions()
    {
        _meter.CreateObservableGauge("test.temperature", () => 21.25, description: "Degrees.");
        using var exporter = new PrometheusTextExporter(_meter);

        Assert.Equal("# HELP test_temperature Degrees.\n# TYPE test_temperature gauge\ntest_temperature 21.25\n", exporter.Render());
    }

    [Fact]
    public void Render_ObservableSeriesGone_DisappearsFromTheNextRender()
    {
        var viewers = new List<string> { "a", "b" };
        _meter.CreateObservableCounter("test.sent", () => viewers.Select(v => new Measurement<long>(10, new KeyValuePair<string, object?>("viewer", v))));
        using var exporter = new PrometheusTextExporter(_meter);
        Assert.Contains("test_sent_total{viewer=\"b\"} 10\n", exporter.Render(), StringComparison.Ordinal);

        viewers.Remove("b");
        var text = exporter.Render();

        Assert.Contains("test_sent_total{viewer=\"a\"} 10\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("viewer=\"b\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_Histogram_CumulativeBucketsSumAndCountInSeconds()
    {
        var histogram = _meter.CreateHistogram("test.wait", "s", "Waits.", tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.1, 1] });
        using var exporter = new PrometheusTextExporter(_meter);

        histogram.Record(0.05);
        histogram.Record(0.5);
        histogram.Record(5);

        Assert.Equal(
            "# HELP test_wait_seconds Waits.\n# TYPE test_wait_seconds histogram\n" +
            "test_wait_seconds_bucket{le=\"0.1\"} 1\ntest_wait_seconds_bucket{le=\"1\"} 2\ntest_wait_seconds_bucket{le=\"+Inf\"} 3\n" +
            "test_wait_seconds_sum 5.55\ntest_wait_seconds_count 3\n",
            exporter.Render());
    }

    [Fact]
    public void Render_LabelValueWithQuotesAndBackslashes_Escaped()
    {
        var counter = _meter.CreateCounter<int>("test.odd");
        using var exporter = new PrometheusTextExporter(_meter);

        counter.Add(1, new KeyValuePair<string, object?>("name", "a\"b\\c\nd"));

        Assert.Contains("test_odd_total{name=\"a\\\"b\\\\c\\nd\"} 1\n", exporter.Render(), StringComparison.Ordinal);
    }

    [Fact]
    public void Render_InstrumentOfAnotherMeter_NotIncluded()
    {
        using var other = new Meter("WlWebRtc.Tests.Other." + Guid.NewGuid().ToString("N"));
        other.CreateObservableGauge("test.elsewhere", () => 1);
        using var exporter = new PrometheusTextExporter(_meter);

        Assert.DoesNotContain("elsewhere", exporter.Render(), StringComparison.Ordinal);
    }
}
