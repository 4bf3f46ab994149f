using System.Collections;
using System.Reflection;
using System.Text.RegularExpressions;
using Pulumi;
using Pulumi.Utilities;

namespace Infra.Components.Guards;

/// <summary>
/// A stack-wide transformation that refuses a wildcard in any grant, including grants declared by
/// hand outside the components: Kubernetes RBAC objects, Vault policies and roles, Azure role
/// definitions, assignments and federated credentials. It is the older in-process
/// <see cref="ResourceTransformation"/>, so it also runs under <c>Deployment.TestAsync</c> mocks.
/// </summary>
/// <remarks>
/// Values known when the resource is declared are checked at once and the declaration throws,
/// so the resource is never registered. A value that depends on another resource's output is
/// checked when it resolves and fails the run through <see cref="Log.Error"/>.
/// </remarks>
public static partial class WildcardGrantGuard
{
    /// <summary>Type-token prefixes of the resources that grant access.</summary>
    private static readonly string[] GrantTypePrefixes =
    [
        "kubernetes:rbac.authorization.k8s.io/",
        "azure-native:authorization:",
        "azure-native:managedidentity:FederatedIdentityCredential",
        "azure:authorization/",
    ];

    /// <summary>Descriptive inputs: free text there grants nothing, so a '*' in it is not a wildcard grant.</summary>
    private static readonly HashSet<string> DescriptiveInputs = new(StringComparer.Ordinal) { "Metadata", "Tags", "Description" };

    private static readonly MethodInfo ToOutput = typeof(InputExtensions).GetMethod(nameof(InputExtensions.ToOutput))!;

    private static readonly MethodInfo GetValue = typeof(OutputUtilities).GetMethod(nameof(OutputUtilities.GetValueAsync))!;

    /// <summary>Add to <c>StackOptions.ResourceTransformations</c> (or a component's options) to guard every resource below it.</summary>
    /// <exception cref="RunException">A grant-bearing resource declares a wildcard.</exception>
    public static ResourceTransformationResult? Transformation(ResourceTransformationArgs args)
    {
        var type = args.Resource.GetResourceType();
        if (!GrantsAccess(type))
        {
            return null;
        }

        var name = args.Resource.GetResourceName();
        var now = Find(args.Args, "", (path, problem) => throw new RunException(Message(type, name, path, problem)));
        foreach (var (path, pending) in now)
        {
            Deferred(pending, path, args.Resource, type, name);
        }

        return null;
    }

    /// <summary>True for types whose inputs grant access.</summary>
    public static bool GrantsAccess(string type)
    {
        ArgumentNullException.ThrowIfNull(type);
        if (GrantTypePrefixes.Any(p => type.StartsWith(p, StringComparison.Ordinal)))
        {
            return true;
        }

        // Vault: policies, and every auth or secrets-engine role (jwt, kubernetes, aws...) that carries policies or scopes.
        var kind = type[(type.LastIndexOf(':') + 1)..];
        return type.StartsWith("vault:", StringComparison.Ordinal)
            && (kind.Contains("Role", StringComparison.Ordinal) || kind.Contains("Polic", StringComparison.Ordinal));
    }

    /// <summary>Why <paramref name="value"/> is a wildcard, or null: a '*' anywhere, or a Vault '+' path segment.</summary>
    public static string? Wildcard(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Contains('*', StringComparison.Ordinal))
        {
            return $"holds the wildcard '*' ({Shorten(value)})";
        }

        return VaultSegmentGlob().IsMatch(value) ? $"holds the Vault path glob '+' ({Shorten(value)})" : null;
    }

    private static string Message(string type, string name, string path, string problem) =>
        $"wildcard grant refused: {type} '{name}': {path} {problem}. Grants name exact objects; declare access in stacks/<env>.yaml or with the components.";

    /// <summary>Checks every known value under <paramref name="value"/>; returns the values still pending.</summary>
    private static List<(string Path, Task Value)> Find(object? value, string path, Action<string, string> report)
    {
        var pending = new List<(string, Task)>();
        Walk(value, path, report, pending);
        return pending;
    }

    private static void Walk(object? value, string path, Action<string, string> report, List<(string, Task)> pending)
    {
        switch (value)
        {
            case null:
                return;
            case string text:
                if (Wildcard(text) is { } problem)
                {
                    report(path.TrimStart('.'), problem);
                }

                return;
            case not null when InputValueType(value.GetType()) is { } inputType:
                // Before IEnumerable: InputList and InputMap enumerate only asynchronously.
                var output = ToOutput.MakeGenericMethod(inputType).Invoke(null, [value]);
                var task = (Task)GetValue.MakeGenericMethod(inputType).Invoke(null, [output])!;
                if (task.IsCompletedSuccessfully)
                {
                    Walk(Result(task), path, report, pending);
                }
                else if (!task.IsCompleted)
                {
                    pending.Add((path, task));
                }

                return;
            case ResourceArgs args:
                foreach (var (name, input) in Inputs(args))
                {
                    if (!DescriptiveInputs.Contains(name))
                    {
                        Walk(input, $"{path}.{name}", report, pending);
                    }
                }

                return;
            case IDictionary map:
                foreach (DictionaryEntry entry in map)
                {
                    Walk(entry.Value, $"{path}[{entry.Key}]", report, pending);
                }

                return;
            case IEnumerable items:
                var i = 0;
                foreach (var item in items)
                {
                    Walk(item, $"{path}[{i++}]", report, pending);
                }

                return;
        }

        if (value.GetType() is { IsGenericType: true } union && union.GetGenericTypeDefinition() == typeof(Union<,>))
        {
            Walk(union.GetProperty(nameof(Union<int, int>.Value))!.GetValue(value), path, report, pending);
        }
    }

    /// <summary>
    /// The inputs of an args object. Generated args put <see cref="InputAttribute"/> on the property,
    /// or, for lists and maps, on the private backing field (<c>_rules</c> behind <c>Rules</c>).
    /// </summary>
    private static IEnumerable<(string Name, object? Value)> Inputs(ResourceArgs args)
    {
        const BindingFlags members = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance;
        for (var type = args.GetType(); type is not null && type != typeof(ResourceArgs); type = type.BaseType)
        {
            foreach (var property in type.GetProperties(members | BindingFlags.DeclaredOnly).Where(p => p.GetCustomAttribute<InputAttribute>() is not null))
            {
                yield return (property.Name, property.GetValue(args));
            }

            foreach (var field in type.GetFields(members | BindingFlags.DeclaredOnly).Where(f => f.GetCustomAttribute<InputAttribute>() is not null))
            {
                var name = field.Name.TrimStart('_');
                yield return (name.Length == 0 ? field.Name : char.ToUpperInvariant(name[0]) + name[1..], field.GetValue(args));
            }
        }
    }

    private static void Deferred(Task task, string path, Resource resource, string type, string name) =>
        _ = task.ContinueWith(
            t =>
            {
                var more = Find(Result(t), path, (p, problem) => Log.Error(Message(type, name, p.TrimStart('.'), problem), resource));
                foreach (var (nestedPath, nested) in more)
                {
                    Deferred(nested, nestedPath, resource, type, name);
                }
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously | TaskContinuationOptions.OnlyOnRanToCompletion,
            TaskScheduler.Default);

    private static object? Result(Task task) => task.GetType().GetProperty(nameof(Task<int>.Result))!.GetValue(task);

    /// <summary>T of an <c>Input&lt;T&gt;</c> (InputList and InputMap are inputs of arrays and dictionaries).</summary>
    private static Type? InputValueType(Type type)
    {
        for (var t = type; t is not null; t = t.BaseType)
        {
            if (t.IsGenericType && t.GetGenericTypeDefinition() == typeof(Input<>))
            {
                return t.GetGenericArguments()[0];
            }
        }

        return null;
    }

    private static string Shorten(string value) => value.Length <= 80 ? value : value[..77] + "...";

    [GeneratedRegex("""(^|/|")\+(/|"|$)""", RegexOptions.CultureInvariant | RegexOptions.Multiline, 1000)]
    private static partial Regex VaultSegmentGlob();
}
