using System.Collections;

namespace Infra.Access.Loading;

/// <summary>
/// The loader's error list, bounded (issue 11, class 9): it keeps the first
/// <see cref="LoadLimits.MaxErrors"/> errors and only counts the rest, so a hostile file of a
/// million mistakes costs a counter, not a million records, and its report stays readable.
/// </summary>
internal sealed class DefinitionErrors(int max) : IEnumerable<DefinitionError>
{
    private readonly List<DefinitionError> _kept = [];

    /// <summary>Every error reported, kept or not.</summary>
    public int Count { get; private set; }

    /// <summary>Errors reported past the bound: counted, not kept.</summary>
    public int Omitted => Count - _kept.Count;

    public void Add(DefinitionError error)
    {
        Count++;
        if (_kept.Count < max)
        {
            _kept.Add(error);
        }
    }

    public IEnumerator<DefinitionError> GetEnumerator() => _kept.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
