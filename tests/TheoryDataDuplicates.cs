using System.Collections;
using System.Globalization;
using System.Reflection;
using Xunit.Sdk;

namespace Infra.Testing;

/// <summary>
/// Theory rows that are equal as xUnit serializes them: xUnit runs such a row once and only warns
/// ("Skipping test case with duplicate ID"), so the second row, usually a mistyped near miss, is never
/// run. The tests of each test project fail on any.
/// </summary>
internal static class TheoryDataDuplicates
{
    /// <summary>One line per repeated row: <c>Type.Method: (args) xN</c>.</summary>
    public static IReadOnlyList<string> In(Assembly assembly, bool includeAbstract = false)
    {
        var found = new List<string>();
        // Abstract classes are never run (the detector's own sample is one).
        var methods = assembly.GetTypes().Where(t => includeAbstract || !t.IsAbstract)
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Where(m => m.GetCustomAttributes<TheoryAttribute>().Any())
            .OrderBy(m => m.DeclaringType!.FullName + "." + m.Name, StringComparer.Ordinal);
        foreach (var method in methods)
        {
            var rows = method.GetCustomAttributes<DataAttribute>().SelectMany(d => d.GetData(method)).Select(Key);
            found.AddRange(rows.GroupBy(r => r, StringComparer.Ordinal).Where(g => g.Count() > 1)
                .Select(g => $"{method.DeclaringType!.Name}.{method.Name}: ({g.Key}) x{g.Count()}"));
        }

        return found;
    }

    // [InlineData(null)] hands xUnit a null array, which it runs as one null argument.
    private static string Key(object?[]? row) => row is null ? "null" : string.Join(", ", row.Select(Value));

    private static string Value(object? value) => value switch
    {
        null => "null",
        string s => "\"" + s + "\"",
        IEnumerable items => "[" + string.Join(", ", items.Cast<object?>().Select(Value)) + "]",
        IFormattable f => value.GetType().Name + ":" + f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.GetType().Name + ":" + value,
    };
}
