using System.Collections.Concurrent;
using System.Collections.Immutable;
using Pulumi.Testing;

namespace Infra.Testing;

/// <summary>
/// The one mock of the Pulumi test projects: every resource's state is its inputs, its id is
/// <c>&lt;name&gt;_id</c>, and every registration is recorded for the tests to inspect.
/// </summary>
internal sealed class EchoMocks : IMocks
{
    private readonly ConcurrentQueue<RegisteredResource> _registered = new();

    public IReadOnlyList<RegisteredResource> Registered => [.. _registered];

    public Task<(string? id, object state)> NewResourceAsync(MockResourceArgs args)
    {
        ArgumentNullException.ThrowIfNull(args);
        _registered.Enqueue(new RegisteredResource(args.Type ?? "", args.Name ?? "", args.Inputs) { ReadId = args.Id });
        return Task.FromResult<(string? id, object state)>((args.Id ?? $"{args.Name}_id", args.Inputs));
    }

    public Task<object> CallAsync(MockCallArgs args)
    {
        ArgumentNullException.ThrowIfNull(args);
        return Task.FromResult<object>(args.Args);
    }
}

/// <summary>One registration as the engine saw it: type token, name and inputs under their wire names.</summary>
internal sealed record RegisteredResource(string Type, string Name, ImmutableDictionary<string, object> Inputs)
{
    public bool IsComponent => Type.StartsWith("infra:access:", StringComparison.Ordinal);

    /// <summary>The id of an existing resource the program reads (<c>Resource.Get</c>); null for one it registers.</summary>
    public string? ReadId { get; init; }

    /// <summary>The value at a path of wire names (list items by index), e.g. <c>metadata.name</c>.</summary>
    public object? At(string path)
    {
        object? current = Inputs;
        foreach (var key in path.Split('.'))
        {
            current = current switch
            {
                IReadOnlyDictionary<string, object> map => map.TryGetValue(key, out var next) ? next : null,
                // A list item by its index, e.g. spec.matchConditions.0.expression.
                IEnumerable<object> items when int.TryParse(key, System.Globalization.CultureInfo.InvariantCulture, out var index) => items.ElementAtOrDefault(index),
                _ => null,
            };
        }

        return current;
    }

    public string? Text(string path) => At(path) as string;

    public IEnumerable<string> Texts(string path) => At(path) is IEnumerable<object> items ? items.Select(i => (string)i) : [];

    /// <summary><c>namespace/name</c> of a Kubernetes object.</summary>
    public string KubernetesName => $"{Text("metadata.namespace")}/{Text("metadata.name")}";

    /// <summary>Every string anywhere in the inputs, with its path.</summary>
    public IEnumerable<(string Path, string Value)> AllStrings() => Strings(Inputs, "");

    private static IEnumerable<(string, string)> Strings(object? value, string path) => value switch
    {
        string text => [(path, text)],
        IReadOnlyDictionary<string, object> map => map.SelectMany(e => Strings(e.Value, $"{path}.{e.Key}")),
        IEnumerable<object> items => items.SelectMany((item, i) => Strings(item, $"{path}[{i}]")),
        _ => [],
    };
}

/// <summary>Pulumi's test runner keeps one deployment per process at a time: its tests never run in parallel.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class PulumiTests
{
    public const string Name = "Pulumi";
}
