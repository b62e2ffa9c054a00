using WlWebRtc.Portal.Source;
using WlWebRtc.Media;

namespace WlWebRtc.Capture.Tests.Source;

public sealed class MappedPlaneTests
{
    [Fact]
    public void TryLayout_PaddedStrideAtAnOffset_PlaneCoversWholeStrides()
    {
        Assert.True(MappedPlane.TryLayout(4096 + (256 * 10), 4096, 256, 200, 10, out var plane, out _));

        Assert.Equal(new FramePlane(4096, 256, 2560), plane);
    }

    [Theory]
    [InlineData(4096 + 2559, 4096, 256, 200, 10, "does not fit")] // one byte short
    [InlineData(100_000, 0, 100, 200, 10, "cannot hold")] // stride below the row
    [InlineData(100_000, -4, 256, 200, 10, "cannot hold")]
    [InlineData(100_000, 0, 256, 200, 0, "cannot hold")]
    [InlineData(long.MaxValue, int.MaxValue, 1 << 20, 4, 4096, "does not fit")] // length beyond int
    public void TryLayout_PlaneOutsideTheMapping_RefusedWithTheReason(long mappingLength, int offset, int stride, int rowBytes, int rows, string reason)
    {
        Assert.False(MappedPlane.TryLayout(mappingLength, offset, stride, rowBytes, rows, out _, out var error));

        Assert.Contains(reason, error, StringComparison.Ordinal);
    }
}
