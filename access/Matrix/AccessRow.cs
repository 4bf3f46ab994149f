namespace Infra.Access.Matrix;

/// <summary>
/// One permission an identity holds: in <see cref="Environment"/>, identity <c>pipeline/stage</c>
/// may do <see cref="Action"/> on <see cref="Resource"/> within <see cref="Scope"/> of <see cref="System"/>.
/// Kubernetes resources read <c>group/resource[:name]</c> (group <c>core</c> for ""), with no name meaning every object of the namespace.
/// </summary>
public sealed record AccessRow(string Environment, string Identity, string System, string Scope, string Resource, string Action)
    : IComparable<AccessRow>
{
    public int CompareTo(AccessRow? other)
    {
        if (other is null)
        {
            return 1;
        }

        var c = string.CompareOrdinal(Environment, other.Environment);
        return c != 0 ? c : CompareIgnoringEnvironment(other);
    }

    /// <summary>The order within one environment: the access diff lines up the rows of two versions with it.</summary>
    internal int CompareIgnoringEnvironment(AccessRow other)
    {
        // Field by field without allocating: sorting hundreds of thousands of rows calls this millions of times.
        var c = string.CompareOrdinal(Identity, other.Identity);
        c = c != 0 ? c : string.CompareOrdinal(System, other.System);
        c = c != 0 ? c : string.CompareOrdinal(Scope, other.Scope);
        c = c != 0 ? c : string.CompareOrdinal(Resource, other.Resource);
        return c != 0 ? c : string.CompareOrdinal(Action, other.Action);
    }

    public static bool operator <(AccessRow left, AccessRow right) => Comparer<AccessRow>.Default.Compare(left, right) < 0;

    public static bool operator <=(AccessRow left, AccessRow right) => Comparer<AccessRow>.Default.Compare(left, right) <= 0;

    public static bool operator >(AccessRow left, AccessRow right) => Comparer<AccessRow>.Default.Compare(left, right) > 0;

    public static bool operator >=(AccessRow left, AccessRow right) => Comparer<AccessRow>.Default.Compare(left, right) >= 0;
}
