using System.Globalization;

namespace Infra.Access;

/// <summary>A position in a definition file: 1-based line and column.</summary>
public sealed record SourceLocation(string File, int Line, int Column) : IComparable<SourceLocation>
{
    public static SourceLocation Unknown(string file) => new(file, 0, 0);

    public int CompareTo(SourceLocation? other)
    {
        if (other is null)
        {
            return 1;
        }

        var byFile = string.CompareOrdinal(File, other.File);
        if (byFile != 0)
        {
            return byFile;
        }

        return Line != other.Line ? Line.CompareTo(other.Line) : Column.CompareTo(other.Column);
    }

    public static bool operator <(SourceLocation left, SourceLocation right) => Compare(left, right) < 0;

    public static bool operator <=(SourceLocation left, SourceLocation right) => Compare(left, right) <= 0;

    public static bool operator >(SourceLocation left, SourceLocation right) => Compare(left, right) > 0;

    public static bool operator >=(SourceLocation left, SourceLocation right) => Compare(left, right) >= 0;

    private static int Compare(SourceLocation? left, SourceLocation? right) =>
        left is null ? (right is null ? 0 : -1) : left.CompareTo(right);

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{File}:{Line}:{Column}");
}
