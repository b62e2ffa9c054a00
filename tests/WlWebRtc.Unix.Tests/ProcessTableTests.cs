using System.Diagnostics;
using System.Text;

namespace WlWebRtc.Unix.Tests;

public sealed class ProcessTableTests
{
    [Fact]
    public void IsAlive_ThisProcess_True() => Assert.True(ProcessTable.IsAlive(Environment.ProcessId));

    [Fact]
    public void IsAlive_NoSuchProcess_False() => Assert.False(ProcessTable.IsAlive(int.MaxValue));

    [Theory]
    [InlineData("A=1\0MARK=x\0", "MARK=x\0", true)]
    [InlineData("MARK=x\0", "MARK=x\0", true)]
    [InlineData("XMARK=x\0", "MARK=x\0", false)] // a suffix of another variable is not the entry
    [InlineData("MARK=xy\0", "MARK=x\0", false)] // nor is a prefix of a longer value
    [InlineData("XMARK=x\0MARK=x\0", "MARK=x\0", true)]
    [InlineData("", "MARK=x\0", false)]
    public void HasEntry_EnvironBlock_MatchesWholeEntriesOnly(string environ, string needle, bool expected) =>
        Assert.Equal(expected, ProcessTable.HasEntry(Encoding.UTF8.GetBytes(environ), Encoding.UTF8.GetBytes(needle)));

    [Fact]
    public void WithEnvironmentEntry_ChildWithMarker_FoundThenTerminated()
    {
        var marker = "WLWEBRTC_PROCESS_TABLE_TEST=" + Guid.NewGuid().ToString("N");
        var start = new ProcessStartInfo("sleep", "60") { UseShellExecute = false };
        var separator = marker.IndexOf('=', StringComparison.Ordinal);
        start.Environment[marker[..separator]] = marker[(separator + 1)..];
        using var child = Process.Start(start)!;
        try
        {
            Assert.Contains(child.Id, ProcessTable.WithEnvironmentEntry(marker));

            ProcessTable.Terminate(child.Id, TimeSpan.FromSeconds(5));

            Assert.True(child.WaitForExit(10_000));
            Assert.DoesNotContain(child.Id, ProcessTable.WithEnvironmentEntry(marker));
        }
        finally
        {
            if (!child.HasExited)
            {
                child.Kill();
            }
        }
    }

    [Fact]
    public void Find_ProgramOnPath_FullPath() => Assert.Equal("/bin/sh", ProgramPath.Find("/bin/sh"));

    [Fact]
    public void Find_SleepOnPath_ExistingFile()
    {
        var found = ProgramPath.Find("sleep");

        Assert.NotNull(found);
        Assert.True(File.Exists(found));
        Assert.EndsWith("/sleep", found, StringComparison.Ordinal);
    }

    [Fact]
    public void Find_MissingProgram_Null() => Assert.Null(ProgramPath.Find("wlwebrtc-no-such-program-" + Guid.NewGuid().ToString("N")));
}
