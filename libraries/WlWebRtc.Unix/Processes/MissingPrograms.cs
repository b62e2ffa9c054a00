namespace WlWebRtc.Unix;

/// <summary>
/// Programs that are not installed, with the Debian package of each, described for an error message: what is missing
/// (<see cref="Description"/>) and the packages that bring it (<see cref="Packages"/>, for <c>apt-get install</c>).
/// </summary>
public sealed record MissingPrograms(string Description, string Packages)
{
    /// <summary>The programs of <paramref name="programs"/> that <see cref="ProgramPath.Find"/> does not find; null when all are there.</summary>
    public static MissingPrograms? Find(IEnumerable<(string Program, string Package)> programs)
    {
        ArgumentNullException.ThrowIfNull(programs);
        var missing = programs.Where(p => ProgramPath.Find(p.Program) is null).ToList();
        return missing.Count == 0
            ? null
            : new MissingPrograms(
                string.Join(", ", missing.Select(m => $"{m.Program} (Debian package {m.Package})")),
                string.Join(' ', missing.Select(m => m.Package).Distinct()));
    }
}
