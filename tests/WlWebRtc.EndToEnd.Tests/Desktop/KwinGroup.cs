using WlWebRtc.Testing.Desktop;

namespace WlWebRtc.EndToEnd.Tests.Desktop;

/// <summary>
/// A headless KDE session (KWin 5.27, 1280x720 virtual output) whose grant names this process's executable: the
/// server runs on the same dotnet executable, so KWin opens fake input and ScreenShot2 to it as well.
/// </summary>
public sealed class GrantedKwin : HeadlessKwin
{
}

/// <summary>Tests in this collection share one headless KWin.</summary>
[CollectionDefinition(Name)]
public sealed class KwinGroup : ICollectionFixture<GrantedKwin>
{
    public const string Name = "kwin";
}
