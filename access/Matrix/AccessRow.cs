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

        foreach (var (a, b) in new[] { (Environment, other.Environment), (Identity, other.Identity), (System, other.System), (Scope, other.Scope), (Resource, other.Resource), (Action, other.Action) })
        {
            var c = string.CompareOrdinal(a, b);
            if (c != 0)
            {
                return c;
            }
        }

        return 0;
    }

    public static bool operator <(AccessRow left, AccessRow right) => Comparer<AccessRow>.Default.Compare(left, right) < 0;

    public static bool operator <=(AccessRow left, AccessRow right) => Comparer<AccessRow>.Default.Compare(left, right) <= 0;

    public static bool operator >(AccessRow left, AccessRow right) => Comparer<AccessRow>.Default.Compare(left, right) > 0;

    public static bool operator >=(AccessRow left, AccessRow right) => Comparer<AccessRow>.Default.Compare(left, right) >= 0;
}
