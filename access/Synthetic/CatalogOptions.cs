namespace Infra.Access.Synthetic;

/// <summary>
/// What <see cref="CatalogGenerator"/> writes: how many pipelines, from which seed, for which tier.
/// <see cref="ChangedPipelines"/> alters that many pipelines (spread over the catalog) so two
/// catalogs that differ only there can be diffed.
/// </summary>
public sealed record CatalogOptions(int Pipelines, int Seed, bool Production = false, int ChangedPipelines = 0);
